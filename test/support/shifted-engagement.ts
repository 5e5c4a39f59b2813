/**
 * Engagement predictions served through the gateway, and feedback on them from a shifted
 * distribution: what the drift and adaptive-pipeline tests start from.
 */
import { distinctEngagementRequests } from '@telepulse/devstack/shifted-feedback';
import type { GraphQLResponse } from './stack.js';

export { distinctEngagementRequests, shiftedEngagementFeedback } from '@telepulse/devstack/shifted-feedback';

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
