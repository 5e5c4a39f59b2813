/** A stored engagement prediction as feedback and drift read it (ServedPrediction): its rate, and its input's drift features. */
import { namedValues, type ServedPrediction } from '@telepulse/models/catalog/served-prediction';
import { engagementDriftFeatures, engagementDriftFeaturesOfCandidate } from '@telepulse/models/engagement/drift-features';
import { FEATURES_PER_POST } from '@telepulse/models/engagement/features';
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
    features: namedValues(driftFeatures(record)),
    modelInput: { shape: [...record.inputShape], values: Array.from(record.input) },
  };
}

/** From the stored input, exactly what the model read (history posts, then the candidate); from the candidate for an input of an earlier model's columns. */
function driftFeatures(record: EngagementPredictionRecord): Partial<Record<string, number>> {
  const [steps, columns] = record.inputShape;
  if (columns === FEATURES_PER_POST) return engagementDriftFeatures(record.input, steps - 1);
  return engagementDriftFeaturesOfCandidate(record.features, record.historyLength);
}
