/**
 * The shape of a growth evaluation report: one entry per channel (judged at each horizon, or too
 * short to judge and why) and, per horizon, the judged channels pooled, the median over channels
 * of the relative MAE, and whether issue 9's targets are met. `pnpm eval --model growth` prints
 * it (growth-report-format.ts) and writes it as JSON; the README shows it (report-markdown.ts).
 */
import { median } from '../engagement/confidence.js';
import { GROWTH_MIN_DAYS } from '../growth/series.js';
import { evaluationSettings, type EvaluationOptions } from './evaluation-report.js';
import { judgeGrowthPaths, type ForecastPath, type GrowthJudgement } from './growth-judgement.js';
import type { GrowthOriginRules } from './growth-origins.js';

/** The protocol: horizons judged, days between origins, history a channel needs before its first origin. */
export const GROWTH_EVALUATION = { horizons: [7, 28], originStep: 7, minHistoryDays: GROWTH_MIN_DAYS } as const satisfies GrowthOriginRules;

/** Issue 9's targets on held-out simulated channels: at every horizon, the median over channels of the relative MAE at most this, and the pooled coverage of each interval within this of its nominal level. */
export const GROWTH_TARGETS = { maxMedianRelativeMae: 0.85, coverageTolerance: 0.05 } as const;

/** What the growth evaluation reads of EvaluationOptions (no minimum of held-out values: a channel needs an origin, see growth-origins.ts). */
export type GrowthEvaluationOptions = Pick<EvaluationOptions, 'heldOutShare' | 'seed' | 'resamples'>;

export interface GrowthEvaluationSettings {
  heldOutShare: number;
  /** Seed of the bootstrap; each channel's stream is forked from it by channel id and horizon. */
  seed: number;
  resamples: number;
  originStep: number;
  minHistoryDays: number;
}

export interface GrowthHorizonJudgement extends GrowthJudgement {
  /** Days ahead: the path days 1..horizon are judged. */
  horizon: number;
}

export interface JudgedGrowthChannel {
  channel: string;
  status: 'judged';
  /** The channel's subscriber counts in all, and the index of the first held-out one. */
  counts: number;
  heldOutDayFrom: number;
  /** Dates of the forecast origins. */
  origins: string[];
  /** One judgement per horizon, in the report's order. */
  horizons: GrowthHorizonJudgement[];
}

export interface UnjudgedGrowthChannel {
  channel: string;
  status: 'too short';
  /** Why, e.g. "no subscriber counts". */
  reason: string;
  counts: number;
  /** Held-out counts. */
  heldOut: number;
}

export type GrowthChannelEvaluation = JudgedGrowthChannel | UnjudgedGrowthChannel;

export interface GrowthHorizonSummary extends GrowthHorizonJudgement {
  /** Median over judged channels of their relative MAE (a channel whose baseline never erred has none): what the target is about. */
  medianRelativeMae: number | null;
  /** Channels whose relative MAE is below 1 / above 1, significantly or not. */
  channels: { better: number; worse: number; significantlyBetter: number; noSignificantDifference: number; significantlyWorse: number };
  /** Against GROWTH_TARGETS: the median relative MAE, and the pooled coverage of each interval. */
  targetsMet: { relativeMae: boolean; coverage80: boolean; coverage95: boolean };
}

export interface GrowthEvaluationReport {
  /** Which model: its registry name and version. */
  model: { name: string; version: string };
  /** What the model was judged on, in words (set by whoever read the data, e.g. `pnpm eval`). */
  data?: string;
  /** Days ahead judged, in the order of every `horizons` list below. */
  horizons: number[];
  /** The baseline every relative MAE is against. */
  baseline: string;
  settings: GrowthEvaluationSettings;
  targets: typeof GROWTH_TARGETS;
  channels: GrowthChannelEvaluation[];
  /** The judged channels pooled, per horizon; null when no channel could be judged. */
  overall: { channels: { judged: number; tooShort: number }; horizons: GrowthHorizonSummary[] } | null;
}

/** The baseline's name in reports. */
export const GROWTH_BASELINE = 'seasonal naive on daily gains';

/** The options with their defaults, validated: an EvaluationOptionError names a bad one. */
export function growthEvaluationSettings(options: GrowthEvaluationOptions = {}): GrowthEvaluationSettings {
  const { heldOutShare, seed, resamples } = evaluationSettings(options);
  return { heldOutShare, seed, resamples, originStep: GROWTH_EVALUATION.originStep, minHistoryDays: GROWTH_EVALUATION.minHistoryDays };
}

/** One judged channel's paths, as the evaluator hands them over. */
export interface ChannelPaths {
  channel: string;
  counts: number;
  heldOutDayFrom: number;
  origins: string[];
  /** Per horizon (in the report's order), one path per origin. */
  paths: ForecastPath[][];
}

/**
 * Judges each channel (in the order given) at each horizon, and the judged channels pooled.
 * Bootstrap streams: `seed/<channel id>/<horizon>` per channel, `seed/overall/<horizon>` pooled.
 */
export function assembleGrowthReport(
  head: Pick<GrowthEvaluationReport, 'model' | 'settings'>,
  entries: readonly (ChannelPaths | UnjudgedGrowthChannel)[],
): GrowthEvaluationReport {
  const { seed, resamples } = head.settings;
  const horizons = [...GROWTH_EVALUATION.horizons];
  const judged = entries.filter((e): e is ChannelPaths => 'paths' in e);
  const channels = entries.map((e): GrowthChannelEvaluation => {
    if (!('paths' in e)) return e;
    const { paths, ...rest } = e;
    return {
      ...rest,
      status: 'judged',
      horizons: horizons.map((horizon, h) => ({
        horizon,
        ...judgeGrowthPaths(
          paths[h]!.map((p) => [p]),
          { seed: `${seed}/${e.channel}/${horizon}`, resamples },
        ),
      })),
    };
  });
  const verdicts = channels.filter((c): c is JudgedGrowthChannel => c.status === 'judged');
  const overall =
    judged.length === 0
      ? null
      : {
          channels: { judged: judged.length, tooShort: channels.length - judged.length },
          horizons: horizons.map((horizon, h) => {
            const pooled = judgeGrowthPaths(
              judged.map((c) => c.paths[h]!),
              { seed: `${seed}/overall/${horizon}`, resamples },
            );
            const across = acrossChannels(verdicts.map((c) => c.horizons[h]!));
            return { horizon, ...pooled, ...across, targetsMet: targetsMet(pooled, across.medianRelativeMae) };
          }),
        };
  return { model: head.model, horizons, baseline: GROWTH_BASELINE, settings: head.settings, targets: GROWTH_TARGETS, channels, overall };
}

/** Whether a report is a growth report (the other kind is EvaluationReport's). */
export function isGrowthReport(report: object): report is GrowthEvaluationReport {
  return 'horizons' in report;
}

function acrossChannels(judgements: readonly GrowthHorizonJudgement[]): Pick<GrowthHorizonSummary, 'medianRelativeMae' | 'channels'> {
  const ratios = judgements.map((j) => j.relativeMae.ratio).filter((r): r is number => r !== null);
  const count = (keep: (j: GrowthHorizonJudgement) => boolean) => judgements.filter(keep).length;
  return {
    medianRelativeMae: ratios.length === 0 ? null : median(ratios),
    channels: {
      better: count((j) => j.relativeMae.ratio !== null && j.relativeMae.ratio < 1),
      worse: count((j) => j.relativeMae.ratio !== null && j.relativeMae.ratio > 1),
      significantlyBetter: count((j) => j.verdict === 'significantly better'),
      noSignificantDifference: count((j) => j.verdict === 'no significant difference'),
      significantlyWorse: count((j) => j.verdict === 'significantly worse'),
    },
  };
}

function targetsMet(pooled: GrowthJudgement, medianRelativeMae: number | null): GrowthHorizonSummary['targetsMet'] {
  // The epsilon keeps a coverage of exactly 75 % from failing on floating error.
  const within = (coverage: number, nominal: number) => Math.abs(coverage - nominal) <= GROWTH_TARGETS.coverageTolerance + 1e-12;
  return {
    relativeMae: medianRelativeMae !== null && medianRelativeMae <= GROWTH_TARGETS.maxMedianRelativeMae,
    coverage80: within(pooled.coverage80, 0.8),
    coverage95: within(pooled.coverage95, 0.95),
  };
}
