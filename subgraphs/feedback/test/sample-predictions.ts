import type { ServedPredictionView } from '../src/domain/served-prediction.js';
import { MASE_SCALE_FEATURE } from '../src/domain/served-prediction.js';

const none = { lower80: null, upper80: null, lower95: null, upper95: null };

/** A served engagement prediction of `rate`. */
export const engagementPrediction = (id: string, rate = 0.05, overrides: Partial<ServedPredictionView> = {}): ServedPredictionView => ({
  id,
  modelId: 'engagement',
  modelVersion: '2.1.0',
  outcome: 'ENGAGEMENT_RATE',
  channelId: 'c1',
  postId: null,
  postedAt: new Date('2025-03-01T12:00:00Z'),
  createdAt: new Date('2025-03-01T10:00:00Z'),
  points: [{ date: null, value: rate, ...none }],
  features: [],
  ...overrides,
});

/** A served viral detection of probability `p`. */
export const viralPrediction = (id: string, p = 0.3, overrides: Partial<ServedPredictionView> = {}): ServedPredictionView => ({
  ...engagementPrediction(id),
  modelId: 'content-viral',
  modelVersion: '1.0.0',
  outcome: 'VIRAL',
  postedAt: null,
  postId: '42',
  points: [{ date: null, value: p, ...none }],
  ...overrides,
});

/** A served 3-day growth forecast from 1,000 subscribers, +10 a day, intervals ±20 (80 %) and ±40 (95 %); MASE scale `scale`. */
export const growthForecast = (id: string, scale = 10, overrides: Partial<ServedPredictionView> = {}): ServedPredictionView => ({
  ...engagementPrediction(id),
  modelId: 'growth',
  modelVersion: '1.1.0',
  outcome: 'SUBSCRIBER_COUNT',
  postedAt: null,
  points: ['2025-03-02', '2025-03-03', '2025-03-04'].map((date, d) => {
    const value = 1000 + 10 * (d + 1);
    return { date, value, lower80: value - 20, upper80: value + 20, lower95: value - 40, upper95: value + 40 };
  }),
  features: [{ name: MASE_SCALE_FEATURE, value: scale }],
  ...overrides,
});
