/**
 * The models `pnpm train` knows, by name: the committed config and artifact directory, how to
 * train one, what a file channel gives it (posts or days of subscriber counts) and what a
 * trained model must reach before it may be committed or activated. A new model is one more entry.
 */
import type { ChannelRecord } from '@telepulse/dataset';
import { CONTENT_CNN_ARTIFACT_DIR } from '../content-cnn/artifact.js';
import type { ContentCnnModelMetadata } from '../content-cnn/metadata.js';
import { CONTENT_CNN_TRAINING, trainContentCnnModel, type ContentCnnTrainingConfig } from '../content-cnn/training/train.js';
import { ENGAGEMENT_ARTIFACT_DIR } from '../engagement/artifact.js';
import type { EngagementModelMetadata } from '../engagement/metadata.js';
import { ENGAGEMENT_TRAINING, trainEngagementModel, type EngagementTrainingConfig } from '../engagement/training/train.js';
import { GROWTH_ARTIFACT_DIR } from '../growth/artifact.js';
import type { GrowthModelMetadata } from '../growth/metadata.js';
import { GROWTH_TRAINING, trainGrowthModel, type GrowthTrainingConfig } from '../growth/training/train.js';
import type { ChannelSplit } from '../evaluation/time-split.js';
import { VIRAL_TARGETS } from '../evaluation/viral-report.js';
import { CONTENT_VIRAL_ARTIFACT_DIR } from '../content-viral/artifact.js';
import type { ViralModelMetadata } from '../content-viral/metadata.js';
import { CONTENT_VIRAL_TRAINING, trainViralModel, type ViralTrainingConfig } from '../content-viral/training/train.js';
import type { ServedModelMetadata } from '../runtime/model-io.js';
import type { TrainingProgress } from '../training/progress.js';

/** What `pnpm train` reads of any trainer's config. */
export interface TrainableConfig {
  version: string;
  epochs: number;
  data: { simulator: { seed: number; channels: number; days: number; endDate: string }; split: { calibration: number; test: number } };
}

/** What `pnpm train` reads of any trained model's metadata. */
export interface TrainedMetadata extends ServedModelMetadata {
  format: { sha256: string };
  training: { bestEpoch: number };
  data: { examples: { train: number } };
}

export interface ModelTrainer<C extends TrainableConfig, M extends TrainedMetadata> {
  name: string;
  /** The database (after the MONGODB_DB_PREFIX and `_`) of the subgraph that serves it: its model registry lives there. */
  database: string;
  committed: C;
  artifactDir: string;
  /** What of a file channel trains: its early posts, or its early days of subscriber counts. */
  describeFiles(splits: readonly (ChannelSplit & { channel: ChannelRecord })[]): string;
  train(config: C, options: { channels: ChannelRecord[]; onProgress: (p: TrainingProgress) => void; log: (line: string) => void }): Promise<{ onnx: Uint8Array; metadata: M }>;
  /** Why the model must not be committed or activated (it does not beat the naive forecast on held-out simulated channels), or null. */
  shortfall(metadata: M): string | null;
  /** Lines on the trainer's own held-out metrics, for people. */
  summary(metadata: M): string[];
}

const sum = <T>(items: readonly T[], f: (item: T) => number) => items.reduce((n, item) => n + f(item), 0);

/** What of a file channel a model trained on posts sees. */
const describePosts: ModelTrainer<TrainableConfig, TrainedMetadata>['describeFiles'] = (splits) =>
  `${sum(splits, (s) => s.heldOutFrom)} early posts train, ${sum(splits, (s) => s.channel.posts.length - s.heldOutFrom)} later posts held out for evaluation`;

const engagement: ModelTrainer<EngagementTrainingConfig, EngagementModelMetadata> = {
  name: 'engagement',
  // subgraphs/engagement/subgraph.ts: `database: 'engagement'`.
  database: 'engagement',
  committed: ENGAGEMENT_TRAINING,
  artifactDir: ENGAGEMENT_ARTIFACT_DIR,
  describeFiles: describePosts,
  train: trainEngagementModel,
  shortfall: ({ metrics: { test } }) => (test.mae < test.baselineMae ? null : `the model does not beat rolling-16 on held-out simulated channels (MAE ${test.mae} >= ${test.baselineMae})`),
  summary: ({ metrics: { test } }) => [`held-out simulated channels: MAE ${test.mae} vs rolling-16 ${test.baselineMae}`],
};

const growth: ModelTrainer<GrowthTrainingConfig, GrowthModelMetadata> = {
  name: 'growth',
  // The growth subgraph's database, as engagement's is named for its subgraph.
  database: 'growth',
  committed: GROWTH_TRAINING,
  artifactDir: GROWTH_ARTIFACT_DIR,
  describeFiles: (splits) =>
    `${sum(splits, (s) => s.heldOutDayFrom)} early days of subscriber counts train, ${sum(splits, (s) => s.channel.subscriberCounts.length - s.heldOutDayFrom)} later days held out for evaluation`,
  train: trainGrowthModel,
  shortfall: ({ metrics: { test } }) => {
    const worse = test.horizons.filter((h) => !(h.relativeMae < 1));
    if (worse.length === 0) return null;
    return `the model does not beat the seasonal naive on held-out simulated channels (${worse.map((h) => `${h.days} days: median relative MAE ${h.relativeMae}`).join(', ')})`;
  },
  summary: ({ metrics: { test }, architecture }) => [
    `held-out simulated channels (${test.channels}, ${test.forecasts} forecasts):`,
    ...test.horizons.map(
      (h) =>
        `  ${h.days} days: median relative MAE ${h.relativeMae} vs the seasonal naive (MAE ${h.mae} vs ${h.baselineMae}); coverage 80 % ${pct(h.coverage80)}, 95 % ${pct(h.coverage95)}`,
    ),
    `  days 1-${architecture.horizon}: coverage 80 % ${pct(test.coverage80)}, 95 % ${pct(test.coverage95)}`,
  ],
};

const contentCnn: ModelTrainer<ContentCnnTrainingConfig, ContentCnnModelMetadata> = {
  name: 'content-cnn',
  // The content subgraph's database (subgraphs/content).
  database: 'content',
  committed: CONTENT_CNN_TRAINING,
  artifactDir: CONTENT_CNN_ARTIFACT_DIR,
  describeFiles: describePosts,
  train: trainContentCnnModel,
  shortfall: ({ metrics: { test } }) =>
    test.spearman !== null && test.baselineSpearman !== null && test.spearman > test.baselineSpearman
      ? null
      : `the model does not rank held-out simulated posts better than the length + media + hour baseline (Spearman ${test.spearman} vs ${test.baselineSpearman})`,
  summary: ({ metrics: { test } }) => [
    `held-out simulated channels (${test.channels}, ${test.posts} posts): Spearman ${test.spearman} vs the length + media + hour baseline ${test.baselineSpearman}; MAE ${test.mae} vs ${test.baselineMae} (ln units)`,
  ],
};

const contentViral: ModelTrainer<ViralTrainingConfig, ViralModelMetadata> = {
  name: 'content-viral',
  // The content subgraph's database (subgraphs/content), where its model registry lives.
  database: 'content',
  committed: CONTENT_VIRAL_TRAINING,
  artifactDir: CONTENT_VIRAL_ARTIFACT_DIR,
  describeFiles: (splits) =>
    `the texts of ${sum(splits, (s) => s.heldOutFrom)} early posts train, ${sum(splits, (s) => s.channel.posts.length - s.heldOutFrom)} later posts held out for evaluation`,
  train: trainViralModel,
  shortfall: ({ metrics: { test } }) =>
    test.auc > test.baselineAuc && test.brier < test.baselineBrier
      ? null
      : `the model is not ahead of the baseline on held-out simulated channels (ROC-AUC ${test.auc} vs ${test.baselineAuc}, Brier ${test.brier} vs ${test.baselineBrier})`,
  summary: ({ metrics: { test, parity }, training }) => [
    `held-out simulated channels (${test.channels}, ${test.posts} posts, ${test.viral} viral): ROC-AUC ${test.auc} vs baseline ${test.baselineAuc}, Brier ${test.brier} vs ${test.baselineBrier}`,
    `  issue 10's target ROC-AUC >= ${VIRAL_TARGETS.minAuc}: ${test.auc >= VIRAL_TARGETS.minAuc ? 'met' : 'MISSED'}; ONNX parity ${parity.maxAbsDiff.toExponential(1)}; ${training.seconds} s from data to calibrated model`,
  ],
};

const pct = (share: number) => `${(share * 100).toFixed(1)} %`;

export const TRAINERS = { engagement, growth, 'content-cnn': contentCnn, 'content-viral': contentViral };

export type TrainedModelName = keyof typeof TRAINERS;

export function isTrainedModelName(name: string | undefined): name is TrainedModelName {
  return name !== undefined && Object.hasOwn(TRAINERS, name);
}
