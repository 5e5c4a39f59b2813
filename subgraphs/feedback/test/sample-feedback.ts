import type { NewFeedback } from '../src/domain/feedback.js';

/** New feedback on engagement prediction `predictionId` observing `rate`; its id stands for the outcome (`<predictionId>:<rate>`). */
export const sampleFeedback = (predictionId: string, rate = 0.05, overrides: Partial<NewFeedback> = {}): NewFeedback => ({
  id: `${predictionId}:${rate}`,
  predictionId,
  modelId: 'engagement',
  modelVersion: '1.0.0',
  outcome: 'ENGAGEMENT_RATE',
  channelId: 'c1',
  observed: { kind: 'ENGAGEMENT_RATE', engagementRate: rate },
  pairs: [{ date: null, predicted: 0.04, observed: rate, lower80: null, upper80: null, lower95: null, upper95: null }],
  scale: null,
  error: Math.abs(0.04 - rate),
  rating: null,
  comment: null,
  source: 'CLIENT',
  receivedAt: new Date('2025-03-05T00:00:00Z'),
  ...overrides,
});
