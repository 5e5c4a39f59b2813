/** A stored viral detection as feedback and drift read it (ServedPrediction): its probability, and its text's drift features. */
import { namedValues, type ServedPrediction } from '@telepulse/models/catalog/served-prediction';
import { viralLnLength } from '@telepulse/models/content-viral/drift-features';
import type { ViralDetectionRecord } from './viral-detection.js';

export function servedViralDetection(record: ViralDetectionRecord): ServedPrediction {
  return {
    id: record.id,
    modelId: record.modelName,
    modelVersion: record.modelVersion,
    outcome: 'VIRAL',
    channelId: record.channelId,
    postId: record.postId,
    postedAt: null,
    createdAt: record.createdAt,
    points: [{ date: null, value: record.score, lower80: null, upper80: null, lower95: null, upper95: null }],
    // A detection stored before its features were kept still tells its text's length: the one feature it can give.
    features: namedValues(record.features ?? { lnLength: viralLnLength(record.textLength) }),
    // The text stays with the channels subgraph, so the token ids the model read are not kept.
    modelInput: null,
  };
}
