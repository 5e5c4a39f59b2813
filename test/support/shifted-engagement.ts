/**
 * Engagement predictions served through the gateway, and feedback on them from a shifted
 * distribution: what the drift and adaptive-pipeline tests start from.
 */
import { SeededRandom } from '@telepulse/drift/calibration/random';
import type { GraphQLResponse } from './stack.js';

/** `n` engagement requests on one channel whose inputs all differ (every (hour, weekday) pair, a growing length), so every prediction id does. */
export function distinctEngagementRequests(channelId: string, n: number) {
  return Array.from({ length: n }, (_, i) => ({
    channelId,
    features: { hourOfDay: i % 24, dayOfWeek: Math.floor(i / 24) % 7, contentLength: 40 + i, hasMedia: i % 3 === 0 },
  }));
}

/**
 * Feedback on served engagement predictions from a shifted distribution: observed rates within
 * ≈ 0.005 of the prediction for the first `shiftAt` items, then ≈ 0.05 off (the model got worse),
 * always inside 0..1. Seeded, so a test sees the same errors every run.
 */
export function shiftedEngagementFeedback(served: readonly { id: string; predictedEngagement: number }[], { seed, shiftAt = 200 }: { seed: number; shiftAt?: number }) {
  const r = new SeededRandom(seed);
  return served.map((p, i) => {
    const off = Math.abs(r.normal()) * (i < shiftAt ? 0.005 : 0.05);
    return { predictionId: p.id, outcome: { engagementRate: Math.min(1, Math.max(0, p.predictedEngagement + (p.predictedEngagement > 0.5 ? -off : off))) } };
  });
}

const BATCH_PREDICT = `mutation($r: [EngagementRequestInput!]!) { batchPredictEngagement(requests: $r) { id predictedEngagement modelVersion } }`;

export interface ServedEngagement {
  id: string;
  predictedEngagement: number;
  modelVersion: string;
}

/** Serves `n` distinct engagement predictions on one channel through the gateway (`query`: the stack's); throws on any error. */
export async function serveEngagement(query: (source: string, variables?: Record<string, unknown>) => Promise<GraphQLResponse>, channelId: string, n: number): Promise<ServedEngagement[]> {
  const predicted = await query(BATCH_PREDICT, { r: distinctEngagementRequests(channelId, n) });
  if (predicted.errors || !predicted.data) throw new Error(`batchPredictEngagement failed: ${JSON.stringify(predicted.errors)}`);
  return predicted.data.batchPredictEngagement as ServedEngagement[];
}
