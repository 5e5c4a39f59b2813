/**
 * A version's errors on held-out labelled examples, item by item, as serving would have made
 * them: the model in ONNX Runtime (the offline model classes) on the stored inputs, its output
 * turned into the outcome the way serving does (inference.ts), compared with what was observed.
 * - engagement: |predicted rate − observed rate|; an input whose history is shorter than
 *   MIN_HISTORY_POSTS gets the baseline, as serving gives it: the median rate of the history;
 * - growth: the mean over the observed days of |predicted median count − observed count|, divided
 *   by the example's MASE scale when it carries one (feedback's item error), in subscribers otherwise.
 */
import { InvalidInputError } from '@telepulse/platform';
import { engagementDriftFeatures } from '../engagement/drift-features.js';
import { ratioToRate } from '../engagement/features.js';
import { upgradeEngagementMetadata } from '../engagement/metadata.js';
import { OfflineEngagementModel } from '../engagement/offline-model.js';
import type { GrowthModelMetadata } from '../growth/metadata.js';
import { OfflineGrowthModel } from '../growth/offline-model.js';
import { GROWTH_QUANTILES } from '../growth/series.js';
import { engagementModelAsked, engagementTrainingExamples, growthTrainingExamples, LEARNING_MODELS, type LabelledExamples, type LearningModelId } from './labelled-example.js';

const MEDIAN = GROWTH_QUANTILES.indexOf(0.5);

/**
 * One absolute error per example, in order, for pairing with another version's errors on the
 * same examples (compareChampionChallenger). Throws InvalidInputError naming `examples[i]…` for
 * an example the model cannot read (another input shape); ONNX Runtime's error for bytes that do
 * not load. Runs ONNX Runtime on this thread: call it off the request path.
 */
export async function heldOutErrors<M extends LearningModelId>(modelId: M, artifact: { onnx: Uint8Array; metadata: unknown }, examples: readonly LabelledExamples[M][]): Promise<number[]> {
  if (!LEARNING_MODELS.includes(modelId)) throw new InvalidInputError([{ field: 'modelId', value: modelId, message: `must be a model that learns from feedback: ${LEARNING_MODELS.join(', ')}` }]);
  if (examples.length === 0) return [];
  return modelId === 'engagement'
    ? engagementErrors(artifact, examples as readonly LabelledExamples['engagement'][])
    : growthErrors(artifact, examples as readonly LabelledExamples['growth'][]);
}

async function engagementErrors(artifact: { onnx: Uint8Array; metadata: unknown }, examples: readonly LabelledExamples['engagement'][]): Promise<number[]> {
  const metadata = upgradeEngagementMetadata(artifact.metadata);
  const { historyPosts } = metadata.architecture;
  const prepared = engagementTrainingExamples(examples, historyPosts, 'examples');
  const model = await OfflineEngagementModel.load({ onnx: artifact.onnx, metadata });
  try {
    const outputs = await model.outputsOf(prepared);
    return prepared.map((e, i) => {
      const predicted = engagementModelAsked(e) ? ratioToRate(outputs[i]!.ratio, e.level) : engagementDriftFeatures(e.input, historyPosts).historyMedianRate;
      return Math.abs(predicted - e.observed);
    });
  } finally {
    await model.dispose();
  }
}

async function growthErrors(artifact: { onnx: Uint8Array; metadata: unknown }, examples: readonly LabelledExamples['growth'][]): Promise<number[]> {
  const metadata = artifact.metadata as GrowthModelMetadata;
  const { window, horizon } = metadata.architecture;
  const prepared = growthTrainingExamples(examples, window, horizon, 'examples');
  const model = await OfflineGrowthModel.load({ onnx: artifact.onnx, metadata });
  try {
    const quantiles = await model.quantilesOf(prepared);
    return prepared.map((e, i) => {
      let sum = 0;
      let days = 0;
      e.known.forEach((known, d) => {
        if (!known) return;
        sum += Math.abs(e.lastCount * Math.exp(quantiles[i]![d * GROWTH_QUANTILES.length + MEDIAN]!) - e.actual[d]!);
        days += 1;
      });
      return sum / days / (e.scale ?? 1);
    });
  } finally {
    await model.dispose();
  }
}
