/**
 * Judges growth forecast paths at one horizon (a channel's, or all channels' pooled): the median
 * path against the seasonal-naive baseline (their MAE ratio, with a paired bootstrap interval and
 * verdict), MASE, sMAPE, bias, and how often the 80 % and 95 % intervals hold what happened. A
 * path day without an observed count is skipped.
 *
 * The bootstrap resamples units of paths, not days: the days of one path share its start, and
 * paths from nearby origins overlap, so days are far from independent. Within a channel a unit is
 * one origin's path; pooled, a unit is one channel's paths.
 */
import type { GrowthPoint } from '../growth/series.js';
import {
  bias,
  bootstrapMaeRatio,
  intervalCoverage,
  mean,
  symmetricMape,
  verdictOf,
  type BootstrapOptions,
  type RatioInterval,
  type Verdict,
} from './metrics.js';

/** One forecast from one origin, day by day from the day after it. */
export interface ForecastPath {
  /** The count observed on each path day; null where the day has none. */
  observed: readonly (number | null)[];
  /** The model's median and intervals per path day. */
  points: readonly Pick<GrowthPoint, 'value' | 'lower80' | 'upper80' | 'lower95' | 'upper95'>[];
  /** The baseline's forecast per path day. */
  baseline: readonly number[];
  /** The history's in-sample weekly seasonal-naive MAE (seasonalNaiveMae): MASE's scale for this path. */
  scale: number;
}

export interface GrowthJudgement {
  /** Paths judged, and their path days with an observed count. */
  origins: number;
  days: number;
  /** MAE of the model's median, and of the baseline, over those days. */
  modelMae: number;
  baselineMae: number;
  /** modelMae / baselineMae with its bootstrap interval. */
  relativeMae: RatioInterval;
  verdict: Verdict | null;
  /** Mean of |median − observed| / the path's scale, over the paths whose history moved (scale > 0); null when none did. */
  mase: number | null;
  /** sMAPE of the median, in percent. */
  smape: number;
  /** Mean of median − observed: positive when the model forecasts too many subscribers. */
  bias: number;
  /** Share of observed days inside [lower80, upper80], and inside [lower95, upper95]. */
  coverage80: number;
  coverage95: number;
}

/** Judges paths grouped into bootstrap units; needs at least one observed day. */
export function judgeGrowthPaths(units: readonly (readonly ForecastPath[])[], bootstrap: BootstrapOptions): GrowthJudgement {
  const byUnit = units.map((paths) => paths.flatMap(observedDays)).filter((u) => u.length > 0);
  const days = byUnit.flat();
  const observed = days.map((d) => d.observed);
  const median = days.map((d) => d.point.value);
  const scaled = days.flatMap((d) => (d.scale > 0 ? [d.modelError / d.scale] : []));
  // Both sums of a unit travel together in a resample, so the interval is paired by unit.
  const unitSum = (error: 'modelError' | 'baselineError') => byUnit.map((u) => u.reduce((s, d) => s + d[error], 0));
  const relativeMae = bootstrapMaeRatio(unitSum('modelError'), unitSum('baselineError'), bootstrap);
  const coverage = (lower: 'lower80' | 'lower95', upper: 'upper80' | 'upper95') =>
    intervalCoverage(
      days.map((d) => d.point[lower]),
      days.map((d) => d.point[upper]),
      observed,
    );
  return {
    origins: units.reduce((n, paths) => n + paths.length, 0),
    days: days.length,
    modelMae: mean(days.map((d) => d.modelError)),
    baselineMae: mean(days.map((d) => d.baselineError)),
    relativeMae,
    verdict: verdictOf(relativeMae),
    mase: scaled.length === 0 ? null : mean(scaled),
    smape: symmetricMape(median, observed),
    bias: bias(median, observed),
    coverage80: coverage('lower80', 'upper80'),
    coverage95: coverage('lower95', 'upper95'),
  };
}

interface ObservedDay {
  observed: number;
  point: ForecastPath['points'][number];
  modelError: number;
  baselineError: number;
  scale: number;
}

function observedDays(path: ForecastPath): ObservedDay[] {
  return path.observed.flatMap((observed, d) => {
    if (observed === null) return [];
    const point = path.points[d]!;
    return [{ observed, point, modelError: Math.abs(point.value - observed), baselineError: Math.abs(path.baseline[d]! - observed), scale: path.scale }];
  });
}
