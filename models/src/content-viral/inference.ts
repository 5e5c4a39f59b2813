/**
 * Pre- and post-processing of one viral-potential score: the one path from a text to the model
 * input and from the network's logit to the stated score and confidence, shared by serving
 * (pipeline.ts), evaluation (offline-model.ts) and the trainer, so none can drift from the others.
 */
import type { TokenSpan } from '../content/tokenizer.js';
import { calibratedScore, callConfidence } from './calibration.js';
import type { ViralModelMetadata, ViralTokenizer } from './metadata.js';
import { viralTokens } from './token-window.js';

/** A score, with what it was made from. */
export interface ViralEstimate {
  /** Calibrated probability that the post lands in its channel's top decile of (forwards + reactions) per view, 0..1. */
  score: number;
  /** Calibrated probability that the call (viral when score >= 0.5) is right. */
  confidence: number;
  /** Tokens the model read (CLS and the TRUNCATED marker included). */
  tokens: number;
  /** True when the text was longer than the model reads: its end was not scored. */
  truncated: boolean;
}

/** A text ready for the network. */
export interface PreparedViralInput {
  /** The token ids as float32 (the model kit feeds float32 only), PAD to maxTokens. */
  input: Float32Array;
  tokens: number;
  truncated: boolean;
  /** The ranges of the text the tokens came from (token-window.ts). */
  read: TokenSpan[];
}

/** The text as the model with this tokenizer reads it (token-window.ts). */
export function prepareViralInput(text: string, tokenizer: Pick<ViralTokenizer, 'maxTokens' | 'tailTokens'>): PreparedViralInput {
  const { ids, length, truncated, read } = viralTokens(text, tokenizer.maxTokens, tokenizer.tailTokens);
  return { input: Float32Array.from(ids), tokens: length, truncated, read };
}

/** The estimate from the network's logit for one prepared text. */
export function finishViralEstimate(metadata: Pick<ViralModelMetadata, 'calibration'>, prepared: PreparedViralInput, logit: number): ViralEstimate {
  const score = calibratedScore(metadata.calibration, logit);
  return { score, confidence: callConfidence(score), tokens: prepared.tokens, truncated: prepared.truncated };
}
