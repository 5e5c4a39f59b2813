/**
 * Pre- and post-processing of one viral-potential score: the one path from a text to the model
 * input and from the network's logit to the stated score and confidence, shared by serving
 * (pipeline.ts), evaluation (offline-model.ts) and the trainer, so none can drift from the others.
 */
import { tokenizeContent } from '../content/tokenizer.js';
import { calibratedScore, callConfidence } from './calibration.js';
import type { ViralModelMetadata } from './metadata.js';

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
}

export function prepareViralInput(text: string, maxTokens: number): PreparedViralInput {
  const { ids, length, truncated } = tokenizeContent(text, maxTokens);
  return { input: Float32Array.from(ids), tokens: length, truncated };
}

/** The estimate from the network's logit for one prepared text. */
export function finishViralEstimate(metadata: Pick<ViralModelMetadata, 'calibration'>, prepared: PreparedViralInput, logit: number): ViralEstimate {
  const score = calibratedScore(metadata.calibration, logit);
  return { score, confidence: callConfidence(score), tokens: prepared.tokens, truncated: prepared.truncated };
}
