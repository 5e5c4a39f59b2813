import { describe, expect, it } from 'vitest';
import { GROWTH_MIN_DAYS } from '@telepulse/models/growth/series';
import { checkTimeSeries, validateTimeSeries } from '../src/domain/series-checks.js';

const day = (d: string) => new Date(`${d}T00:00:00Z`);
const steady = (n: number, start = 1_000) => Array.from({ length: n }, (_, i) => start + 10 * i);
const consecutiveDates = (n: number) => Array.from({ length: n }, (_, i) => new Date(Date.UTC(2024, 0, 1 + i)));
const fields = (issues: { field: string }[]) => issues.map((i) => i.field);

describe('checking a daily subscriber series', () => {
  it('passes a clean series of consecutive days, with or without dates', () => {
    expect(checkTimeSeries(steady(40), null)).toEqual({ errors: [], warnings: [] });
    expect(checkTimeSeries(steady(40), consecutiveDates(40))).toEqual({ errors: [], warnings: [] });
  });

  it('refuses negative, fractional and non-finite counts, naming each', () => {
    const values = steady(40);
    values[3] = -1;
    values[7] = 10.5;
    values[9] = Number.NaN;
    values[11] = Number.POSITIVE_INFINITY;
    const { errors } = checkTimeSeries(values, null);
    expect(errors).toEqual([
      { field: 'values[3]', value: -1, message: 'must be at least 0' },
      { field: 'values[7]', value: 10.5, message: 'must be a whole number of subscribers' },
      { field: 'values[9]', value: Number.NaN, message: 'must be a finite number' },
      { field: 'values[11]', value: Number.POSITIVE_INFINITY, message: 'must be a finite number' },
    ]);
  });

  it('refuses dates that are not one per value', () => {
    const { errors } = checkTimeSeries(steady(40), consecutiveDates(39));
    expect(errors).toEqual([{ field: 'dates', value: 39, message: 'must hold one date per value (40), got 39' }]);
  });

  it('refuses a repeated date and a date out of order, naming both', () => {
    const dates = consecutiveDates(40);
    dates[5] = dates[4]!;
    dates[20] = day('2023-12-25');
    const { errors, warnings } = checkTimeSeries(steady(40), dates);
    // dates[21] follows 2023-12-25 and is fine: each date is judged against the one before it.
    expect(fields(errors)).toEqual(['dates[5]', 'dates[20]']);
    expect(errors[0]!.message).toBe('repeats dates[4]: one count per day');
    expect(errors[1]!.message).toBe('is before dates[19] (2024-01-20): dates must ascend');
    // With the order broken, gaps mean nothing: none is reported.
    expect(warnings).toEqual([]);
  });

  it('refuses an empty series', () => {
    expect(checkTimeSeries([], null).errors).toEqual([{ field: 'values', value: 0, message: 'is empty: a series needs at least one count' }]);
  });

  it('warns of gaps, saying how many days are missing', () => {
    const dates = consecutiveDates(40).map((d, i) => (i >= 10 ? new Date(d.getTime() + 3 * 86_400_000) : d));
    const { errors, warnings } = checkTimeSeries(steady(40), dates);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([
      { field: 'dates[10]', value: dates[10], message: 'comes 4 days after dates[9] (2024-01-10): the 3 days between are missing and filled on the log-linear path between their neighbours' },
    ]);
  });

  it('warns of a change of more than ±50 % in a day, and not of 50 % spread over a gap', () => {
    const values = steady(40);
    values[15] = 3_000; // from 1,140: +163 %
    values[16] = 1_170; // back: −61 %
    const { warnings } = checkTimeSeries(values, null);
    expect(warnings.map((w) => [w.field, w.message])).toEqual([
      ['values[15]', 'changes by +163 % a day from 1140 (values[14]): more than ±50 % a day is rarely real'],
      ['values[16]', 'changes by -61 % a day from 3000 (values[15]): more than ±50 % a day is rarely real'],
    ]);
    // 1,000 → 2,000 over 3 days is +26 % a day.
    expect(checkTimeSeries([...steady(30), 2_000], [...consecutiveDates(30), day('2024-02-02')]).warnings.map((w) => w.field)).toEqual(['dates[30]']);
    expect(fields(checkTimeSeries([...steady(30), 0, 5], null).warnings)).toEqual(['values[30]', 'values[31]']);
  });

  it(`warns of fewer days than a forecast needs (${GROWTH_MIN_DAYS}), counting the days the dates span`, () => {
    expect(checkTimeSeries(steady(10), null).warnings).toEqual([{ field: 'values', value: 10, message: `covers 10 days: a forecast needs at least ${GROWTH_MIN_DAYS}` }]);
    const spread = [day('2024-01-01'), day('2024-01-15'), day('2024-02-01')];
    expect(fields(checkTimeSeries([100, 110, 120], spread).warnings)).toEqual(['dates[1]', 'dates[2]']);
  });

  it('refuses more values than the limit before looking at any', () => {
    expect(() => validateTimeSeries(steady(11), null, 10)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', details: expect.objectContaining({ field: 'values', value: 11 }) }));
    expect(validateTimeSeries(steady(10), null, 10).errors).toEqual([]);
  });
});
