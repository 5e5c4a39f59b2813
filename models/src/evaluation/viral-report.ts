/**
 * The shape of a content-viral evaluation report: per channel, the ROC-AUC and Brier score of the
 * model's calibrated score and of the baseline (text length, media, hour) on its held-out posts;
 * the posts of every channel pooled, with 95 % bootstrap intervals (over channels when there are
 * enough of them to resample, else over posts); and issue 10's target. `pnpm eval --model
 * content-viral` prints it (viral-report-format.ts) and writes it as JSON.
 */
import { Random } from '@telepulse/dataset';
import { evaluationSettings, type EvaluationOptions } from './evaluation-report.js';
import { quantile } from './metrics.js';
import { brierScore, rocAuc } from './rank-metrics.js';

/** Issue 10's target: ROC-AUC at least this on held-out simulated channels, and ahead of the baseline. */
export const VIRAL_TARGETS = { minAuc: 0.75 } as const;

/** Channels needed to bootstrap over channels; with fewer the pooled intervals resample posts. */
export const MIN_BOOTSTRAP_CHANNELS = 10;

export const VIRAL_BASELINE = 'logistic regression on text length, media and hour (fitted on the same channels’ earlier posts)';

export interface ViralEvaluationSettings {
  heldOutShare: number;
  /** Held-out posts with text a channel needs to be judged on its own (every channel's posts count in the pool). */
  minHeldOut: number;
  seed: number;
  resamples: number;
}

/** A value with its 95 % bootstrap interval (null bounds: no resample could compute it). */
export interface ViralInterval {
  value: number | null;
  low: number | null;
  high: number | null;
}

export interface ViralScores {
  posts: number;
  viral: number;
  /** null where undefined (no viral or no other post). */
  auc: number | null;
  brier: number;
  baselineAuc: number | null;
  baselineBrier: number;
}

export interface JudgedViralChannel extends ViralScores {
  channel: string;
  status: 'judged';
}

export interface UnjudgedViralChannel {
  channel: string;
  status: 'too short';
  reason: string;
  posts: number;
}

export type ViralChannelEvaluation = JudgedViralChannel | UnjudgedViralChannel;

export interface ViralOverall {
  posts: number;
  viral: number;
  channels: { judged: number; tooShort: number; pooled: number };
  /** What the intervals resample. */
  resampled: 'channels' | 'posts';
  auc: ViralInterval;
  brier: ViralInterval;
  baselineAuc: ViralInterval;
  baselineBrier: ViralInterval;
  /** Model minus baseline: above 0 is better for AUC, below 0 for Brier. */
  aucGain: ViralInterval;
  brierGain: ViralInterval;
  targetsMet: { auc: boolean; aheadOfBaseline: boolean };
}

export interface ViralEvaluationReport {
  kind: 'content-viral';
  model: { name: string; version: string };
  data?: string;
  baseline: string;
  settings: ViralEvaluationSettings;
  targets: typeof VIRAL_TARGETS;
  channels: ViralChannelEvaluation[];
  overall: ViralOverall | null;
}

/** One channel's held-out posts as the evaluator scored them. */
export interface ChannelViralScores {
  channel: string;
  labels: boolean[];
  scores: number[];
  baselineScores: number[];
}

export function viralEvaluationSettings(options: EvaluationOptions = {}): ViralEvaluationSettings {
  return evaluationSettings(options);
}

/** Whether a report is a content-viral report. */
export function isViralReport(report: object): report is ViralEvaluationReport {
  return (report as { kind?: unknown }).kind === 'content-viral';
}

/**
 * Judges each channel with enough held-out posts and pools every channel's posts. The bootstrap
 * draws from `seed/overall`: whole channels when MIN_BOOTSTRAP_CHANNELS or more have posts (a
 * channel's posts are not independent of each other), else posts.
 */
export function assembleViralReport(head: Pick<ViralEvaluationReport, 'model' | 'settings'>, entries: readonly ChannelViralScores[]): ViralEvaluationReport {
  const { minHeldOut, seed, resamples } = head.settings;
  const channels = entries.map((e): ViralChannelEvaluation => {
    if (e.labels.length < minHeldOut) return { channel: e.channel, status: 'too short', reason: `${e.labels.length} held-out posts with text, fewer than ${minHeldOut}`, posts: e.labels.length };
    return { channel: e.channel, status: 'judged', ...scoresOf(e.labels, e.scores, e.baselineScores) };
  });
  const pooled = entries.filter((e) => e.labels.length > 0);
  const judged = channels.filter((c) => c.status === 'judged').length;
  return {
    kind: 'content-viral',
    ...head,
    baseline: VIRAL_BASELINE,
    targets: VIRAL_TARGETS,
    channels,
    overall: pooled.length === 0 ? null : overallOf(pooled, { judged, tooShort: channels.length - judged }, `${seed}/overall`, resamples),
  };
}

function scoresOf(labels: readonly boolean[], scores: readonly number[], baselineScores: readonly number[]): ViralScores {
  return {
    posts: labels.length,
    viral: labels.filter(Boolean).length,
    auc: rocAuc(scores, labels),
    brier: brierScore(scores, labels),
    baselineAuc: rocAuc(baselineScores, labels),
    baselineBrier: brierScore(baselineScores, labels),
  };
}

type Metric = (s: ViralScores) => number | null;
const METRICS: Record<'auc' | 'brier' | 'baselineAuc' | 'baselineBrier' | 'aucGain' | 'brierGain', Metric> = {
  auc: (s) => s.auc,
  brier: (s) => s.brier,
  baselineAuc: (s) => s.baselineAuc,
  baselineBrier: (s) => s.baselineBrier,
  aucGain: (s) => (s.auc === null || s.baselineAuc === null ? null : s.auc - s.baselineAuc),
  brierGain: (s) => s.brier - s.baselineBrier,
};

function overallOf(entries: readonly ChannelViralScores[], counts: { judged: number; tooShort: number }, seed: string, resamples: number): ViralOverall {
  const pool = (parts: readonly ChannelViralScores[]) => scoresOf(parts.flatMap((p) => p.labels), parts.flatMap((p) => p.scores), parts.flatMap((p) => p.baselineScores));
  const all = pool(entries);
  const byChannel = entries.length >= MIN_BOOTSTRAP_CHANNELS;
  // Resampling posts: each post as a one-post "channel".
  const units: readonly ChannelViralScores[] = byChannel
    ? entries
    : entries.flatMap((e) => e.labels.map((label, i) => ({ channel: e.channel, labels: [label], scores: [e.scores[i]!], baselineScores: [e.baselineScores[i]!] })));
  const random = new Random(seed);
  const draws: Record<keyof typeof METRICS, number[]> = { auc: [], brier: [], baselineAuc: [], baselineBrier: [], aucGain: [], brierGain: [] };
  for (let r = 0; r < resamples; r++) {
    const sample = pool(Array.from({ length: units.length }, () => units[Math.floor(random.next() * units.length)]!));
    for (const [name, metric] of Object.entries(METRICS) as [keyof typeof METRICS, Metric][]) {
      const value = metric(sample);
      if (value !== null && Number.isFinite(value)) draws[name].push(value);
    }
  }
  const interval = (name: keyof typeof METRICS): ViralInterval => {
    const sorted = Float64Array.from(draws[name]).sort();
    return { value: METRICS[name](all), low: sorted.length ? quantile(sorted, 0.025) : null, high: sorted.length ? quantile(sorted, 0.975) : null };
  };
  const auc = all.auc;
  return {
    posts: all.posts,
    viral: all.viral,
    channels: { ...counts, pooled: entries.length },
    resampled: byChannel ? 'channels' : 'posts',
    auc: interval('auc'),
    brier: interval('brier'),
    baselineAuc: interval('baselineAuc'),
    baselineBrier: interval('baselineBrier'),
    aucGain: interval('aucGain'),
    brierGain: interval('brierGain'),
    targetsMet: {
      auc: auc !== null && auc >= VIRAL_TARGETS.minAuc,
      aheadOfBaseline: auc !== null && all.baselineAuc !== null && auc > all.baselineAuc && all.brier < all.baselineBrier,
    },
  };
}
