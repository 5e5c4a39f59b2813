/**
 * Replay: a seeded sample of a model's original training examples, mixed into an update so the
 * model keeps what it knew while it learns from feedback. The examples are regenerated from the
 * trainer's committed config and seeds, as `pnpm reference` does (cli/reference.ts), in the
 * labelled-example form feedback takes, so an update treats both alike.
 *
 * Only the simulated channels are regenerated: the file channels a committed version also trained
 * on (its metadata's data.files) live outside the repository, and a handful of them among hundreds
 * of simulated channels changes nothing a replay sample needs.
 */
import { InvalidInputError } from '@telepulse/platform';
import { Random } from '@telepulse/dataset';
import { FEATURES_PER_POST } from '../engagement/features.js';
import { ENGAGEMENT_TRAINING, engagementTrainingData, type EngagementTrainingConfig } from '../engagement/training/train.js';
import { GROWTH_FEATURES } from '../growth/features.js';
import { addDays } from '../growth/series.js';
import { GROWTH_TRAINING, growthTrainingData, type GrowthTrainingConfig } from '../growth/training/train.js';
import { LEARNING_MODELS, type EngagementLabelledExample, type GrowthLabelledExample, type LabelledExamples, type LearningModelId } from './labelled-example.js';

export interface ReplayOptions {
  /** The training config to regenerate from; default the committed one (ENGAGEMENT_TRAINING, GROWTH_TRAINING). Tests pass a small one. */
  engagement?: EngagementTrainingConfig;
  growth?: GrowthTrainingConfig;
}

/**
 * `n` examples (all when there are fewer) drawn without replacement, by `seed`, from the model's
 * regenerated training examples. Deterministic for a config and seed. CPU-bound for seconds with
 * the committed configs (it simulates their channels): run it off the request path.
 */
export function replaySample<M extends LearningModelId>(modelId: M, n: number, seed: number, options: ReplayOptions = {}): LabelledExamples[M][] {
  if (!LEARNING_MODELS.includes(modelId)) throw new InvalidInputError([{ field: 'modelId', value: modelId, message: `must be a model that learns from feedback: ${LEARNING_MODELS.join(', ')}` }]);
  if (!(Number.isInteger(n) && n >= 0)) throw new InvalidInputError([{ field: 'n', value: n, message: 'must be an integer >= 0' }]);
  if (!Number.isSafeInteger(seed)) throw new InvalidInputError([{ field: 'seed', value: seed, message: 'must be a safe integer' }]);
  if (n === 0) return [];
  const random = new Random(seed).fork(`replay/${modelId}`);
  const pick = <T>(items: T[]): T[] => (items.length <= n ? items : random.shuffle(items).slice(0, n));
  if (modelId === 'engagement') return engagementReplay(options.engagement ?? ENGAGEMENT_TRAINING, pick) as LabelledExamples[M][];
  return growthReplay(options.growth ?? GROWTH_TRAINING, pick) as LabelledExamples[M][];
}

function engagementReplay(config: EngagementTrainingConfig, pick: <T>(items: T[]) => T[]): EngagementLabelledExample[] {
  const { train } = engagementTrainingData(config, []).data;
  const shape: [number, number] = [config.data.historyPosts + 1, FEATURES_PER_POST];
  // A simulated post may have more interactions than views (a rate above 1, one in ~20 000 of the
  // committed config's): feedback cannot carry such a rate, and an update rejects it, so it is not replayed.
  return pick(train.filter((e) => e.target <= 1)).map((e) => ({ input: e.input, inputShape: shape, observed: e.target }));
}

function growthReplay(config: GrowthTrainingConfig, pick: <T>(items: T[]) => T[]): GrowthLabelledExample[] {
  const { train } = growthTrainingData(config, []).data;
  const shape: [number, number] = [config.data.window, GROWTH_FEATURES];
  // Every day of the horizon, filled ones too: the trainer learns them all.
  return pick(train).map((e) => ({
    input: e.input,
    inputShape: shape,
    lastDate: e.originDate,
    lastCount: e.lastCount,
    observed: e.actual.map((count, d) => ({ date: addDays(e.originDate, d + 1), count })),
  }));
}
