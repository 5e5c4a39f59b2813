/**
 * The shape of an evaluation report of a model whose predictions are values with a stated
 * confidence (engagement): one entry per channel (judged, or too short to judge and why) and the
 * pooled judgement of the judged channels with a count of verdicts. `pnpm eval` prints it
 * (report-format.ts) and writes it as JSON; training stores it in the model's metadata. A growth
 * model's forecasts are judged differently (growth-report.ts); ModelReport is either.
 */
import { EvaluationOptionError } from './evaluation-errors.js';
import type { ContentCnnEvaluationReport } from './content-cnn-report.js';
import type { GrowthEvaluationReport } from './growth-report.js';
import type { ViralEvaluationReport } from './viral-report.js';
import { judgeHeldOut, poolPredictions, type HeldOutPredictions, type Judgement } from './judgement.js';
import { heldOutShareOf } from './time-split.js';

/** A channel needs at least this many held-out values to be judged. */
export const DEFAULT_MIN_HELD_OUT = 30;
export const DEFAULT_BOOTSTRAP_SEED = 1;
export const DEFAULT_RESAMPLES = 1000;

/** How to evaluate, for every model; each has a default. */
export interface EvaluationOptions {
  /** Share of each channel held out; default 0.2. */
  heldOutShare?: number;
  /** Default 30. */
  minHeldOut?: number;
  /** Bootstrap seed; default 1. */
  seed?: number;
  /** Bootstrap resamples; default 1000. */
  resamples?: number;
}

export interface EvaluationSettings {
  heldOutShare: number;
  minHeldOut: number;
  /** Seed of the bootstrap; each channel's stream is forked from it by channel id. */
  seed: number;
  resamples: number;
}

export interface JudgedChannel extends Judgement {
  channel: string;
  status: 'judged';
  /** The channel's posts in all, and the index of the first held-out one. */
  posts: number;
  heldOutFrom: number;
}

export interface UnjudgedChannel {
  channel: string;
  status: 'too short';
  /** Why, e.g. "12 held-out posts, fewer than 30". */
  reason: string;
  posts: number;
  heldOut: number;
}

export type ChannelEvaluation = JudgedChannel | UnjudgedChannel;

export interface ChannelCounts {
  judged: number;
  tooShort: number;
  /** Ratio below 1 / above 1, significant or not. */
  better: number;
  worse: number;
  significantlyBetter: number;
  noSignificantDifference: number;
  significantlyWorse: number;
}

export interface EvaluationReport {
  /** Which model: its registry name and version. */
  model: { name: string; version: string };
  /** What the model was judged on, in words (set by whoever read the data, e.g. `pnpm eval`). */
  data?: string;
  /** What one held-out value is ("posts" for engagement). */
  unit: string;
  settings: EvaluationSettings;
  /** The baselines, in column order. */
  baselines: string[];
  channels: ChannelEvaluation[];
  /** The judged channels' values pooled; null when no channel could be judged. */
  overall: (Judgement & { channels: ChannelCounts }) | null;
}

/** What evaluating any model gives: an EvaluationReport, a GrowthEvaluationReport, a ContentCnnEvaluationReport or a ViralEvaluationReport (isGrowthReport, isContentCnnReport and isViralReport tell them apart). */
export type ModelReport = EvaluationReport | GrowthEvaluationReport | ContentCnnEvaluationReport | ViralEvaluationReport;

/** The options with their defaults, validated: an EvaluationOptionError names a bad one. */
export function evaluationSettings(options: EvaluationOptions = {}): EvaluationSettings {
  return {
    heldOutShare: heldOutShareOf(options.heldOutShare),
    minHeldOut: wholeNumber('minHeldOut', options.minHeldOut ?? DEFAULT_MIN_HELD_OUT, 1),
    seed: wholeNumber('seed', options.seed ?? DEFAULT_BOOTSTRAP_SEED, Number.MIN_SAFE_INTEGER),
    resamples: wholeNumber('resamples', options.resamples ?? DEFAULT_RESAMPLES, 1),
  };
}

/** One judged channel's predictions, as an evaluator hands them over. */
export interface ChannelPredictions {
  channel: string;
  posts: number;
  heldOutFrom: number;
  predictions: HeldOutPredictions;
}

/**
 * Judges each channel (in the order given) and the judged channels' values pooled. Bootstrap
 * streams: `seed/<channel id>` per channel and `seed/overall` for the pool.
 */
export function assembleReport(
  head: Pick<EvaluationReport, 'model' | 'unit' | 'baselines' | 'settings'>,
  entries: readonly (ChannelPredictions | UnjudgedChannel)[],
): EvaluationReport {
  const { seed, resamples } = head.settings;
  const judged = entries.filter((e): e is ChannelPredictions => 'predictions' in e);
  const channels = entries.map((e): ChannelEvaluation => {
    if (!('predictions' in e)) return e;
    const { predictions, ...rest } = e;
    return { ...rest, status: 'judged', ...judgeHeldOut(predictions, { seed: `${seed}/${e.channel}`, resamples }) };
  });
  const verdicts = channels.filter((c): c is JudgedChannel => c.status === 'judged');
  const count = (keep: (c: JudgedChannel) => boolean) => verdicts.filter(keep).length;
  const overall =
    judged.length === 0
      ? null
      : {
          ...judgeHeldOut(poolPredictions(judged.map((c) => c.predictions), head.baselines), { seed: `${seed}/overall`, resamples }),
          channels: {
            judged: verdicts.length,
            tooShort: channels.length - verdicts.length,
            better: count((c) => c.ratio.ratio !== null && c.ratio.ratio < 1),
            worse: count((c) => c.ratio.ratio !== null && c.ratio.ratio > 1),
            significantlyBetter: count((c) => c.verdict === 'significantly better'),
            noSignificantDifference: count((c) => c.verdict === 'no significant difference'),
            significantlyWorse: count((c) => c.verdict === 'significantly worse'),
          },
        };
  return { ...head, channels, overall };
}

function wholeNumber(option: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) throw new EvaluationOptionError(option, value, `a whole number >= ${min}`);
  return value;
}
