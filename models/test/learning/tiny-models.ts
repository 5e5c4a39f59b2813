/**
 * Tiny versions of the learning models for the learning tests: the real trainers on a few
 * simulated channels and small networks, so a test has a complete artifact (bytes and metadata)
 * in seconds, and labelled examples built as the trainers build theirs.
 */
import { ENGAGEMENT_TRAINING, engagementTrainingData, trainEngagementModel, type EngagementTrainingConfig } from '../../src/engagement/training/train.js';
import { FEATURES_PER_POST } from '../../src/engagement/features.js';
import type { EngagementArtifact } from '../../src/engagement/artifact.js';
import type { EngagementLabelledExample, GrowthLabelledExample } from '../../src/learning/labelled-example.js';
import { GROWTH_TRAINING, growthTrainingData, trainGrowthModel, type GrowthTrainingConfig } from '../../src/growth/training/train.js';
import type { GrowthExample } from '../../src/growth/training/examples.js';
import type { GrowthArtifact } from '../../src/growth/artifact.js';
import { GROWTH_FEATURES } from '../../src/growth/features.js';
import { addDays } from '../../src/growth/series.js';

export const TINY_ENGAGEMENT: EngagementTrainingConfig = {
  ...ENGAGEMENT_TRAINING,
  version: '0.1.0',
  data: {
    seed: 5,
    simulator: { seed: 7, channels: 24, days: 60, endDate: '2024-12-31' },
    split: { calibration: 4, test: 4 },
    perChannel: 20,
    heldOutPerChannel: 30,
    earlyShare: 0.2,
    untimedShare: 0.2,
    historyPosts: 8,
  },
  architecture: { historyPosts: 8, hidden: 8, layers: 1, dense: 8, dropout: 0.1, seed: 42 },
  epochs: 3,
  batchSize: 32,
};

export function trainTinyEngagement(): Promise<EngagementArtifact> {
  return trainEngagementModel(TINY_ENGAGEMENT);
}

/**
 * Engagement examples of other simulated channels (simulator seed `seed`) whose observed rates are
 * `factor` × what the simulator gave: a world where every post engages more than the model learned.
 */
export function shiftedEngagementExamples(seed: number, factor: number): { train: EngagementLabelledExample[]; test: EngagementLabelledExample[] } {
  const config = { ...TINY_ENGAGEMENT, data: { ...TINY_ENGAGEMENT.data, simulator: { ...TINY_ENGAGEMENT.data.simulator, seed } } };
  const { data } = engagementTrainingData(config, []);
  const shape: [number, number] = [config.data.historyPosts + 1, FEATURES_PER_POST];
  const labelled = (e: { input: Float32Array; target: number }) => ({ input: Array.from(e.input), inputShape: shape, observed: Math.min(1, e.target * factor) });
  return { train: data.train.map(labelled), test: data.test.map(labelled) };
}

export const TINY_GROWTH: GrowthTrainingConfig = {
  ...GROWTH_TRAINING,
  version: '0.2.0',
  data: {
    seed: 6,
    simulator: { seed: 7, channels: 20, days: 110, endDate: '2024-12-31' },
    split: { calibration: 4, test: 4 },
    stride: 5,
    heldOutStride: 7,
    activityDropShare: 0.3,
    gapShare: 0.2,
    shortShare: 0.15,
    window: 35,
    horizon: 7,
  },
  architecture: { hidden: 8, attention: 4, dense: 16, dropout: 0, unitScale: 0.01, seed: 42 },
  epochs: 3,
  batchSize: 32,
  averageFrom: 0,
  horizons: [7],
};

export function trainTinyGrowth(): Promise<GrowthArtifact> {
  return trainGrowthModel(TINY_GROWTH);
}

/**
 * Growth examples of other simulated channels (simulator seed `seed`) whose observed counts grow
 * `dailyExtra` (a log gain) faster per day than the simulator's: a world where every channel gains more.
 */
export function shiftedGrowthExamples(seed: number, dailyExtra: number): { train: GrowthLabelledExample[]; test: GrowthLabelledExample[] } {
  const config = { ...TINY_GROWTH, data: { ...TINY_GROWTH.data, simulator: { ...TINY_GROWTH.data.simulator, seed } } };
  const { data } = growthTrainingData(config, []);
  const shape: [number, number] = [config.data.window, GROWTH_FEATURES];
  const labelled = (e: GrowthExample): GrowthLabelledExample => ({
    input: e.input,
    inputShape: shape,
    lastDate: e.originDate,
    lastCount: e.lastCount,
    observed: e.actual.map((count, d) => ({ date: addDays(e.originDate, d + 1), count: Math.round(count * Math.exp(dailyExtra * (d + 1))) })),
  });
  return { train: data.train.map(labelled), test: data.test.map(labelled) };
}
