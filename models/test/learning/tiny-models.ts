/**
 * Tiny versions of the learning models for the learning tests: the real trainers on a few
 * simulated channels and small networks, so a test has a complete artifact (bytes and metadata)
 * in seconds, and labelled examples built as the trainers build theirs.
 */
import { ENGAGEMENT_TRAINING, engagementTrainingData, trainEngagementModel, type EngagementTrainingConfig } from '../../src/engagement/training/train.js';
import { FEATURES_PER_POST } from '../../src/engagement/features.js';
import type { EngagementArtifact } from '../../src/engagement/artifact.js';
import type { EngagementLabelledExample } from '../../src/learning/labelled-example.js';

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
