/** A stored engagement prediction as feedback and drift read it (ServedPrediction): its rate, and its input's drift features. */
import { namedValues, type ServedPrediction } from '@telepulse/models/catalog/served-prediction';
import { engagementDriftFeatures } from '@telepulse/models/engagement/drift-features';
import type { EngagementPredictionRecord } from './prediction.js';

export function servedEngagementPrediction(record: EngagementPredictionRecord): ServedPrediction {
  return {
    id: record.id,
    modelId: record.modelName,
    modelVersion: record.modelVersion,
    outcome: 'ENGAGEMENT_RATE',
    channelId: record.channelId,
    postId: null,
    postedAt: record.features.postedAt,
    createdAt: record.createdAt,
    points: [{ date: null, value: record.predictedEngagement, lower80: null, upper80: null, lower95: null, upper95: null }],
    // The stored input is exactly what the model read: its first axis is the history posts and the candidate.
    features: namedValues(engagementDriftFeatures(record.input, record.inputShape[0] - 1)),
  };
}
