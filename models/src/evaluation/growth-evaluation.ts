/**
 * Honest evaluation of a growth model on a set of channels: in each channel's held-out days (the
 * same cut as engagement's, time-split.ts), forecasts from several origins (growth-origins.ts),
 * each made from every count up to its origin and the channel's publishing up to it, judged at 7
 * and 28 days ahead against the seasonal naive on daily gains made from the same history.
 */
import type { ChannelRecord } from '@telepulse/dataset';
import { addDays, fillDailyGaps, seasonalNaiveGains, type GrowthHistory, type GrowthPoint } from '../growth/series.js';
import { channelGrowth } from './channel-growth.js';
import { GrowthForecastMismatchError } from './evaluation-errors.js';
import type { ForecastPath } from './growth-judgement.js';
import { growthOrigins, type GrowthOrigin } from './growth-origins.js';
import {
  assembleGrowthReport,
  GROWTH_EVALUATION,
  growthEvaluationSettings,
  type ChannelPaths,
  type GrowthEvaluationOptions,
  type GrowthEvaluationReport,
  type UnjudgedGrowthChannel,
} from './growth-report.js';
import { seasonalNaiveMae } from './metrics.js';
import { splitChannel } from './time-split.js';

/** One forecast to make: a channel's history up to the origin, and how many days after it. */
export interface GrowthCase {
  history: GrowthHistory;
  days: number;
}

/**
 * What evaluation reads of a forecast: the points, `days` of them, dated from the day after the
 * history's last count. A GrowthEstimate (models/src/growth/inference.ts) is one; its own baseline
 * is not read, the evaluation makes the baseline itself.
 */
export interface GrowthForecast {
  points: readonly GrowthPoint[];
}

/** What evaluation needs of a growth model (OfflineGrowthModel is one). */
export interface GrowthForecaster {
  version: string;
  forecastMany(cases: GrowthCase[]): Promise<readonly GrowthForecast[]>;
}

/** Evaluates `model` on the held-out days of each channel; asks it for every origin and horizon in one call. */
export async function evaluateGrowth(
  channels: readonly ChannelRecord[],
  model: GrowthForecaster,
  options: GrowthEvaluationOptions = {},
): Promise<GrowthEvaluationReport> {
  const settings = growthEvaluationSettings(options);
  const { horizons } = GROWTH_EVALUATION;
  const plans = channels.map((channel) => {
    const { heldOutDayFrom } = splitChannel(channel, settings);
    const growth = channelGrowth(channel);
    const origins = growthOrigins(channel.subscriberCounts, heldOutDayFrom, GROWTH_EVALUATION);
    return { channel, heldOutDayFrom, growth, ...origins, histories: 'origins' in origins ? origins.origins.map((o) => growth.historyAt(o)) : [] };
  });
  const cases = plans.flatMap((plan) => plan.histories.flatMap((history) => horizons.map((days): GrowthCase => ({ history, days }))));
  const forecasts = cases.length === 0 ? [] : await model.forecastMany(cases);
  if (forecasts.length !== cases.length) throw new GrowthForecastMismatchError(`forecastMany: expected ${cases.length} forecasts, one per case, got ${forecasts.length}`);

  let next = 0;
  const entries = plans.map((plan): ChannelPaths | UnjudgedGrowthChannel => {
    const { channel, heldOutDayFrom } = plan;
    const counts = channel.subscriberCounts.length;
    if (!('origins' in plan)) return { channel: channel.id, status: 'too short', reason: plan.tooShort, counts, heldOut: counts - heldOutDayFrom };
    const paths: ForecastPath[][] = horizons.map(() => []);
    plan.origins.forEach((origin, o) => {
      // The baseline and MASE's scale read the same gap-filled history the model does.
      const filled = fillDailyGaps(plan.histories[o]!.counts).map((c) => c.count);
      const scale = seasonalNaiveMae(filled, 7);
      horizons.forEach((days, h) => {
        const points = checkedPoints(forecasts[next++]!.points, channel.id, origin, days);
        paths[h]!.push({ observed: points.map((p) => plan.growth.observedOn(p.date)), points, baseline: seasonalNaiveGains(filled, days), scale });
      });
    });
    return { channel: channel.id, counts, heldOutDayFrom, origins: plan.origins.map((o) => o.date), paths };
  });
  return assembleGrowthReport({ model: { name: 'growth', version: model.version }, settings }, entries);
}

/** The forecast's points when they are the days asked for; a GrowthForecastMismatchError naming the case when not. */
function checkedPoints(points: readonly GrowthPoint[], channel: string, origin: GrowthOrigin, days: number): readonly GrowthPoint[] {
  const expected = Array.from({ length: days }, (_, d) => addDays(origin.date, d + 1));
  if (points.length !== days || points.some((p, d) => p.date !== expected[d])) {
    const got = points.length === 0 ? 'none' : `${points.length} from ${points[0]!.date} to ${points[points.length - 1]!.date}`;
    throw new GrowthForecastMismatchError(`forecast for ${channel} from ${origin.date}, ${days} days: expected ${days} points from ${expected[0]} to ${expected[days - 1]}, got ${got}`);
  }
  return points;
}
