/**
 * The shape of a content CNN evaluation report: one entry per channel (judged, or too short to
 * judge and why) and the judged channels' posts pooled, each judged by rank correlation with the
 * observed relative engagement against the length + media + hour baseline (rank-judgement.ts).
 * `pnpm eval --model content-cnn` prints it (content-cnn-report-format.ts) and writes it as JSON;
 * training stores it in the model's metadata.
 */
import type { ChannelCounts, EvaluationSettings, UnjudgedChannel } from './evaluation-report.js';
import { judgeRanking, type RankedValues, type RankJudgement } from './rank-judgement.js';

/** The baseline, in words. */
export const CONTENT_CNN_BASELINE = "length + media + hour: least squares fitted on the judged channels' early posts";

export interface JudgedContentChannel extends RankJudgement {
  channel: string;
  status: 'judged';
  /** The channel's posts in all, and the index of the first held-out one. */
  posts: number;
  heldOutFrom: number;
}

export type ContentChannelEvaluation = JudgedContentChannel | UnjudgedChannel;

/** The verdicts counted as engagement's are; here better / worse: the channel's Spearman above / below the baseline's. */
export type ContentChannelCounts = ChannelCounts;

export interface ContentCnnEvaluationReport {
  kind: 'content-cnn';
  /** Which model: its registry name and version. */
  model: { name: string; version: string };
  /** What the model was judged on, in words (set by whoever read the data, e.g. `pnpm eval`). */
  data?: string;
  /** What one held-out value is. */
  unit: string;
  baseline: string;
  settings: EvaluationSettings;
  channels: ContentChannelEvaluation[];
  /** The judged channels' posts pooled; null when no channel could be judged. */
  overall: (RankJudgement & { channels: ContentChannelCounts }) | null;
}

/** Whether a report is a content CNN's. */
export function isContentCnnReport(report: object): report is ContentCnnEvaluationReport {
  return (report as { kind?: unknown }).kind === 'content-cnn';
}

/** One judged channel's values, as the evaluator hands them over. */
export interface ContentChannelValues {
  channel: string;
  posts: number;
  heldOutFrom: number;
  values: RankedValues;
}

/**
 * Judges each channel (in the order given) and the judged channels' values pooled. Bootstrap
 * streams: `seed/<channel id>` per channel and `seed/overall` for the pool.
 */
export function assembleContentCnnReport(
  head: Pick<ContentCnnEvaluationReport, 'model' | 'settings'>,
  entries: readonly (ContentChannelValues | UnjudgedChannel)[],
): ContentCnnEvaluationReport {
  const { seed, resamples } = head.settings;
  const channels = entries.map((e): ContentChannelEvaluation => {
    if (!('values' in e)) return e;
    const { values, ...rest } = e;
    return { ...rest, status: 'judged', ...judgeRanking(values, { seed: `${seed}/${e.channel}`, resamples }) };
  });
  const judged = entries.filter((e): e is ContentChannelValues => 'values' in e);
  const verdicts = channels.filter((c): c is JudgedContentChannel => c.status === 'judged');
  const count = (keep: (c: JudgedContentChannel) => boolean) => verdicts.filter(keep).length;
  const pooled: RankedValues = {
    predicted: judged.flatMap((c) => c.values.predicted),
    baseline: judged.flatMap((c) => c.values.baseline),
    observed: judged.flatMap((c) => c.values.observed),
  };
  const overall =
    judged.length === 0
      ? null
      : {
          ...judgeRanking(pooled, { seed: `${seed}/overall`, resamples }),
          channels: {
            judged: verdicts.length,
            tooShort: channels.length - verdicts.length,
            better: count((c) => c.difference.difference !== null && c.difference.difference > 0),
            worse: count((c) => c.difference.difference !== null && c.difference.difference < 0),
            significantlyBetter: count((c) => c.verdict === 'significantly better'),
            noSignificantDifference: count((c) => c.verdict === 'no significant difference'),
            significantlyWorse: count((c) => c.verdict === 'significantly worse'),
          },
        };
  return { kind: 'content-cnn', model: head.model, unit: 'posts with text', baseline: CONTENT_CNN_BASELINE, settings: head.settings, channels, overall };
}
