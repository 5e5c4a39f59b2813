import { assertMaxItems, IssueCollector, type FieldIssue } from '@telepulse/platform';
import { GROWTH_MIN_DAYS } from '@telepulse/models/growth/series';

export interface SeriesCheck {
  errors: FieldIssue[];
  warnings: FieldIssue[];
}

/** A day's change beyond this share of the day before (up or down) is rarely a real audience: a typo, a merge, a bot wave. */
export const IMPLAUSIBLE_DAILY_CHANGE = 0.5;

/** The most values one validateTimeSeries may check by default (MAX_SERIES_POINTS): as many as one ingest takes. */
export const SERIES_MAX_POINTS = 10_000;

const DAY_MS = 86_400_000;

/**
 * Checks a daily subscriber series as a forecast would read it. Errors break the contract:
 * a count that is not a whole number >= 0 (or not finite), dates that are not one per value, a
 * date repeated or out of order, an empty series. Warnings flag what the model takes but
 * forecasts worse from: missing days (filled on the log-linear path between their neighbours),
 * a change of more than ±50 % a day (over a gap: compounded per day), fewer days than
 * GROWTH_MIN_DAYS. Without dates the values are consecutive days.
 */
export function checkTimeSeries(values: readonly number[], dates: readonly Date[] | null | undefined): SeriesCheck {
  const errors = new IssueCollector();
  const warnings = new IssueCollector();
  if (values.length === 0) errors.add('values', values.length, 'is empty: a series needs at least one count');
  const countable = values.map((value, i) => {
    if (!Number.isFinite(value)) errors.add(`values[${i}]`, value, 'must be a finite number');
    else if (!Number.isInteger(value)) errors.add(`values[${i}]`, value, 'must be a whole number of subscribers');
    else if (value < 0) errors.add(`values[${i}]`, value, 'must be at least 0');
    else return true;
    return false;
  });

  // Days from the first value to each, when the dates give them in order.
  let offsets: number[] | null = values.map((_, i) => i);
  if (dates) {
    if (dates.length !== values.length) errors.add('dates', dates.length, `must hold one date per value (${values.length}), got ${dates.length}`);
    const before = errors.issues.length;
    const valid = dates.map((date, i) => {
      errors.date(`dates[${i}]`, date);
      return date instanceof Date && !Number.isNaN(date.getTime());
    });
    for (let i = 1; i < dates.length; i++) {
      if (!valid[i] || !valid[i - 1]) continue;
      const [previous, current] = [dates[i - 1]!.getTime(), dates[i]!.getTime()];
      if (current === previous) errors.add(`dates[${i}]`, dates[i], `repeats dates[${i - 1}]: one count per day`);
      else if (current < previous) errors.add(`dates[${i}]`, dates[i], `is before dates[${i - 1}] (${day(dates[i - 1]!)}): dates must ascend`);
    }
    const ordered = errors.issues.length === before;
    offsets = ordered && dates.length === values.length ? dates.map((d) => Math.round((d.getTime() - dates[0]!.getTime()) / DAY_MS)) : null;
  }

  if (offsets) {
    for (let i = 1; i < values.length; i++) {
      const gap = offsets[i]! - offsets[i - 1]!;
      if (gap > 1) warnings.add(`dates[${i}]`, dates![i], `comes ${gap} days after dates[${i - 1}] (${day(dates![i - 1]!)}): the ${gap - 1} day${gap === 2 ? '' : 's'} between are missing and filled on the log-linear path between their neighbours`);
      if (countable[i] && countable[i - 1]) jump(warnings, i, values[i - 1]!, values[i]!, gap);
    }
  }
  const days = offsets && offsets.length > 0 ? offsets[offsets.length - 1]! + 1 : values.length;
  if (days < GROWTH_MIN_DAYS) warnings.add('values', days, `covers ${days} day${days === 1 ? '' : 's'}: a forecast needs at least ${GROWTH_MIN_DAYS}`);
  return { errors: errors.issues, warnings: warnings.issues };
}

/** A client's series: more than `max` values (or dates) fails with BAD_USER_INPUT before any is looked at; otherwise as checkTimeSeries. */
export function validateTimeSeries(values: readonly number[], dates: readonly Date[] | null | undefined, max = SERIES_MAX_POINTS): SeriesCheck {
  assertMaxItems('values', values, max, 'values');
  if (dates) assertMaxItems('dates', dates, max, 'dates');
  return checkTimeSeries(values, dates);
}

/** Warns when values[i] moved more than IMPLAUSIBLE_DAILY_CHANGE a day from the value `gap` days before. */
function jump(warnings: IssueCollector, i: number, from: number, to: number, gap: number): void {
  if (from === 0) {
    if (to > 0) warnings.add(`values[${i}]`, to, `rises from 0 (values[${i - 1}]) to ${to}: more than ±${IMPLAUSIBLE_DAILY_CHANGE * 100} % a day`);
    return;
  }
  const daily = (to / from) ** (1 / gap) - 1;
  if (Math.abs(daily) <= IMPLAUSIBLE_DAILY_CHANGE) return;
  const change = `${daily > 0 ? '+' : ''}${Math.round(daily * 100)} %`;
  warnings.add(`values[${i}]`, to, `changes by ${change} a day from ${from} (values[${i - 1}]): more than ±${IMPLAUSIBLE_DAILY_CHANGE * 100} % a day is rarely real`);
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}
