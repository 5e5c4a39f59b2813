import { IssueCollector, NotFoundError } from '@telepulse/platform';
import { fillDailyGaps, GROWTH_HORIZON, GROWTH_MIN_DAYS, GROWTH_WINDOW, GrowthHistoryTooShortError, type GrowthHistory } from '@telepulse/models/growth/series';
import type { GrowthForecastRecord } from './forecast.js';
import { forecastId } from './forecast-id.js';
import type { GrowthForecaster } from './forecaster.js';
import { tooShortAsInput } from './history-too-short.js';

/** Days of counts a forecast reads: twice the model's window, so a gap at the window's start still has a day before it to fill from. */
export const FORECAST_HISTORY_DAYS = 2 * GROWTH_WINDOW;

export interface ForecastRequest {
  channelId: string;
  days: number;
}

export interface ForecastDeps {
  forecaster: GrowthForecaster;
  /** The channel's recent daily counts (and activity); null when the channel does not exist. */
  loadHistory: (channelId: string) => Promise<GrowthHistory | null>;
  /** Stores served forecasts (one write per request) and returns them as stored: a forecast asked before keeps its first record. */
  recordForecasts: (records: readonly GrowthForecastRecord[]) => Promise<GrowthForecastRecord[]>;
  now: () => Date;
}

/** Throws BAD_USER_INPUT naming `days` unless it is a whole number in 1..GROWTH_HORIZON. */
export function assertForecastDays(days: number): void {
  const issues = new IssueCollector();
  issues.integer('days', days, 1, GROWTH_HORIZON);
  issues.throwIfAny();
}

/**
 * The one way forecasts are served, root mutation and Channel field alike: checks `days` before
 * anything is read; NOT_FOUND for an unknown channel; BAD_USER_INPUT naming `channelId` when its
 * history is shorter than the model needs (nothing is asked of the model then); otherwise
 * forecasts and records, returning the stored record (the first one, when asked before).
 */
export async function forecastGrowth(deps: ForecastDeps, { channelId, days }: ForecastRequest): Promise<GrowthForecastRecord> {
  assertForecastDays(days);
  const history = await deps.loadHistory(channelId);
  if (history === null) throw new NotFoundError('Channel', channelId);
  const estimate = await tooShortAsInput(channelId, 'a forecast', () => {
    const available = fillDailyGaps(history.counts).length;
    if (available < GROWTH_MIN_DAYS) throw new GrowthHistoryTooShortError(available, GROWTH_MIN_DAYS);
    return deps.forecaster.forecast(history, days);
  });
  const { forecaster } = deps;
  const identity = {
    channelId,
    modelName: forecaster.name,
    modelVersion: forecaster.version,
    days,
    lastDate: estimate.lastDate,
    lastCount: estimate.lastCount,
    // The model's own Float32Array: its bytes live outside V8's heap, and they are what is stored.
    input: estimate.input,
    inputShape: [estimate.inputShape[0], estimate.inputShape[1]] as [number, number],
  };
  const record: GrowthForecastRecord = {
    id: forecastId(identity),
    ...identity,
    points: estimate.points.map((p) => ({ ...p })),
    baseline: estimate.baseline.map((b) => ({ date: b.date, value: b.value })),
    historyDays: estimate.historyUsed,
    createdAt: deps.now(),
  };
  const [stored] = await deps.recordForecasts([record]);
  return stored!;
}
