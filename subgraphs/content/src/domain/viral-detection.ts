/**
 * A post's viral call as it is stored: which post, which text (by hash: the channels subgraph
 * owns the text), which model, what it said and when. Its id is derived from all but the
 * answer, so the same call asked again is the same detection, stored once.
 */
import { createHash } from 'node:crypto';

export interface ViralDetectionRecord {
  id: string;
  channelId: string;
  postId: string;
  /** SHA-256 of the text's UTF-8 bytes, hex: an edited text is another detection, and the text itself stays with its owner. */
  textSha256: string;
  /** The text's length in UTF-16 code units. */
  textLength: number;
  modelName: string;
  modelVersion: string;
  score: number;
  confidence: number;
  tokens: number;
  truncated: boolean;
  /**
   * The text's drift features (models/src/content-viral/drift-features.ts), computed when it was
   * judged: the text is not kept here. Absent on detections stored before they were recorded.
   */
  features?: Record<string, number>;
  createdAt: Date;
}

export type DetectionIdentity = Pick<ViralDetectionRecord, 'channelId' | 'postId' | 'textSha256' | 'modelName' | 'modelVersion'>;

export function textSha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The detection's id: 128 bits of SHA-256 over the model, the post and its text's hash. */
export function detectionId({ modelName, modelVersion, channelId, postId, textSha256: text }: DetectionIdentity): string {
  return createHash('sha256').update(JSON.stringify([modelName, modelVersion, channelId, postId, text])).digest('hex').slice(0, 32);
}
