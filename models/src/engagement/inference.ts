/**
 * Pre- and post-processing of one engagement prediction: the one path from a channel's history
 * and a candidate to an estimate, shared by serving (pipeline.ts), evaluation (offline-model.ts)
 * and the trainer's own reports, so none of them can drift from the others.
 */
import { engagementRate } from '@telepulse/dataset';
import { confidence, median } from './confidence.js';
import { buildEngagementInput, MIN_HISTORY_POSTS, ratioToRate, type CandidatePost, type ChannelLevel, type HistoryPost } from './features.js';
import type { EngagementModelMetadata } from './metadata.js';

/** Posts the baseline reads: the median of the channel's last 16 rates ("rolling-16"). */
export const BASELINE_POSTS = 16;

/** The network's log-scale output is clipped to this range before it becomes a Laplace scale. */
const LOG_SCALE_RANGE = [-4, 2] as const;

/** A prediction, with what it was made from. */
export interface EngagementEstimate {
  /** Expected (forwards + replies + reactions) / views of the candidate, 0..1. */
  rate: number;
  /** Calibrated chance the observed rate lands within tolerance of `rate`. */
  confidence: number;
  /** The median rate of the channel's last BASELINE_POSTS posts: the naive forecast. */
  baseline: number;
  /** History posts the model read (at most historyPosts). */
  historyUsed: number;
  /** False when the history was too short to ask the model: `rate` is then the baseline. */
  modelUsed: boolean;
  /** The exact model input, row-major, and its shape [steps, features]. */
  input: Float32Array;
  inputShape: [number, number];
}

/** The pre-processed request: the posts used, the model input built from them and its level. */
export interface PreparedEngagementInput {
  used: HistoryPost[];
  candidate: CandidatePost;
  input: Float32Array;
  level: ChannelLevel;
}

/** What the network gives per example: the log ratio to the level and the log of its Laplace scale. */
export interface EngagementOutput {
  ratio: number;
  logScale: number;
}

export function prepareEngagementInput(history: readonly HistoryPost[], candidate: CandidatePost, historyPosts: number): PreparedEngagementInput {
  return { candidate, ...buildEngagementInput(history, candidate, historyPosts) };
}

/** Whether the model is asked at all: a history shorter than MIN_HISTORY_POSTS gets the baseline. */
export function needsModel(prepared: PreparedEngagementInput): boolean {
  return prepared.used.length >= MIN_HISTORY_POSTS;
}

/** The Laplace scale of a network output. */
export function outputScale(output: EngagementOutput): number {
  return Math.exp(Math.min(LOG_SCALE_RANGE[1], Math.max(LOG_SCALE_RANGE[0], output.logScale)));
}

/** The estimate from the network's output for one prepared input (null output: the model was not asked). */
export function finishEngagementEstimate(metadata: EngagementModelMetadata, prepared: PreparedEngagementInput, output: EngagementOutput | null): EngagementEstimate {
  const { used, candidate, input, level } = prepared;
  const historyPosts = metadata.architecture.historyPosts;
  const baseline = median(used.slice(-BASELINE_POSTS).map(engagementRate));
  const common = { baseline, historyUsed: used.length, input, inputShape: [historyPosts + 1, input.length / (historyPosts + 1)] as [number, number] };
  if (output === null || !needsModel(prepared)) {
    return { rate: baseline, confidence: metadata.fallback.confidence, modelUsed: false, ...common };
  }
  const rate = ratioToRate(output.ratio, level);
  const stated = confidence(metadata.confidence, {
    prediction: rate,
    ratio: output.ratio,
    scale: outputScale(output),
    level,
    historyShare: used.length / historyPosts,
    hasEarlyCounts: candidate.views !== undefined && candidate.views !== null,
  });
  return { rate, confidence: stated, modelUsed: true, ...common };
}
