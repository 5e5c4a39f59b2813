import type { EngagementPredictionRecord } from '../src/domain/prediction.js';

/** A stored prediction's record with plausible values. */
export const samplePrediction = (id: string, createdAt: Date, overrides: Partial<EngagementPredictionRecord> = {}): EngagementPredictionRecord => ({
  id,
  channelId: 'c1',
  predictedEngagement: 0.04,
  confidence: 0.6,
  baseline: 0.03,
  historyLength: 2,
  features: { hourOfDay: 1, dayOfWeek: 2, contentLength: 3, hasMedia: false, postedAt: null, views: null, forwards: null, replies: null, reactions: null },
  modelName: 'engagement',
  modelVersion: '1.0.0',
  // As served: the model's Float32Array (read back from its float32 bytes as one).
  input: Float32Array.from([0.5, 0.25]),
  inputShape: [1, 2],
  createdAt,
  ...overrides,
});
