/**
 * The viral model's call on a text: for a caller's text (detectViralPotential, nothing stored)
 * and for a post's (Post.viralPotential, stored so the post's outcome can be joined with it).
 */
import { IssueCollector } from '@telepulse/platform';
import { viralDriftFeatures } from '@telepulse/models/content-viral/drift-features';
import { assertContent, checkContent } from './content-checks.js';
import type { ModelIdentity, ViralCall } from './content-models.js';
import { detectionId, textSha256, type ViralDetectionRecord } from './viral-detection.js';

/** A call as the API gives it; `text` is kept for the drivers, never stored or sent. */
export interface ViralPotential {
  /** The stored detection's id; null for a call that is not stored. */
  id: string | null;
  text: string;
  score: number;
  confidence: number;
  modelName: string;
  modelVersion: string;
  tokens: number;
  truncated: boolean;
  createdAt: Date | null;
}

export interface ViralDeps {
  judge: ModelIdentity;
  /** The model's call on a text (batched with the calls of the same tick). */
  score: (text: string) => Promise<ViralCall>;
  /** Stores detections (one write per request) and returns them as stored: one asked before keeps its first record. */
  recordDetections: (records: readonly ViralDetectionRecord[]) => Promise<ViralDetectionRecord[]>;
  now: () => Date;
}

/** detectViralPotential: BAD_USER_INPUT naming `content` for a text validateContent refuses, before the model runs; nothing is stored. */
export async function detectViralPotential(deps: Pick<ViralDeps, 'judge' | 'score'>, content: string): Promise<ViralPotential> {
  assertContent(content, 'content');
  const call = await deps.score(content);
  return { id: null, text: content, ...callOf(call), modelName: deps.judge.name, modelVersion: deps.judge.version, createdAt: null };
}

/**
 * Post.viralPotential from the post's representation (`channelId id text`; the text is untyped
 * JSON: BAD_USER_INPUT naming `path`.text unless a string or null). Null when the post has no
 * text validateContent accepts; otherwise the call, recorded and returned as stored.
 */
export async function postViralPotential(deps: ViralDeps, post: { channelId: string; id: string; text?: unknown }, path: string): Promise<ViralPotential | null> {
  const { text } = post;
  if (text !== null && text !== undefined && typeof text !== 'string') {
    const issues = new IssueCollector(path);
    issues.add('text', text, 'must be a string or null');
    issues.throwIfAny();
  }
  if (typeof text !== 'string' || checkContent(text, 'text').errors.length > 0) return null;
  const call = await deps.score(text);
  const identity = { channelId: post.channelId, postId: post.id, textSha256: textSha256(text), modelName: deps.judge.name, modelVersion: deps.judge.version };
  const record: ViralDetectionRecord = { id: detectionId(identity), ...identity, textLength: text.length, ...callOf(call), features: viralDriftFeatures(text), createdAt: deps.now() };
  const [stored] = await deps.recordDetections([record]);
  const { id, score, confidence, modelName, modelVersion, tokens, truncated, createdAt } = stored!;
  return { id, text, score, confidence, modelName, modelVersion, tokens, truncated, createdAt };
}

function callOf({ score, confidence, tokens, truncated }: ViralCall) {
  return { score, confidence, tokens, truncated };
}
