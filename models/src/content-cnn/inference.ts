/**
 * Pre- and post-processing of one content CNN estimate: the one path from a text to the model's
 * input and from its outputs to an estimate, shared by serving (pipeline.ts), evaluation
 * (offline-model.ts) and the trainer, so none of them can drift from the others.
 */
import { tokenizeContent } from '../content/tokenizer.js';

/** What the content CNN says of a text. */
export interface ContentCnnEstimate {
  /** The post's engagement as its text suggests, relative to its channel's level: ln((rate + 1e-4) / (channel median + 1e-4)). 0 is a typical post of the channel. */
  relativeEngagement: number;
  /** The content embedding: the max-pooled convolution features (each ≥ 0). */
  embedding: Float32Array;
  /** Tokens the model read (CLS, the text's bytes, TRUNCATED), at most maxTokens. */
  tokens: number;
  /** The text's bytes did not all fit: the model read its beginning. */
  truncated: boolean;
}

/** A text as the model reads it. */
export interface PreparedContentInput {
  /** maxTokens token ids as float32 (the served models' only input type). */
  ids: Float32Array;
  tokens: number;
  truncated: boolean;
}

/** What the network gives per text. */
export interface ContentCnnOutput {
  relative: number;
  embedding: Float32Array;
}

export function prepareContentInput(text: string, maxTokens: number): PreparedContentInput {
  const { ids, length, truncated } = tokenizeContent(text, maxTokens);
  return { ids: Float32Array.from(ids), tokens: length, truncated };
}

export function finishContentEstimate(prepared: PreparedContentInput, output: ContentCnnOutput): ContentCnnEstimate {
  return { relativeEngagement: output.relative, embedding: output.embedding, tokens: prepared.tokens, truncated: prepared.truncated };
}
