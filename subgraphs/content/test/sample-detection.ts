import { detectionId, textSha256, type ViralDetectionRecord } from '../src/domain/viral-detection.js';

/** A stored viral call on post `postId` of channel c1 (its text: `post <postId>`), with its derived id. */
export function sampleDetection(postId: string, createdAt: Date, score = 0.7): ViralDetectionRecord {
  const identity = { channelId: 'c1', postId, textSha256: textSha256(`post ${postId}`), modelName: 'content-viral', modelVersion: '1.0.0' };
  return { id: detectionId(identity), ...identity, textLength: 5 + postId.length, score, confidence: 0.8, tokens: 6 + postId.length, truncated: false, createdAt };
}
