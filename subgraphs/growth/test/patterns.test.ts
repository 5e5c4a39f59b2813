import { describe, expect, it } from 'vitest';
import { addDays, dayMs, GrowthHistoryTooShortError } from '@telepulse/models/growth/series';
import { Random } from '@telepulse/dataset';
import { analyzeGrowthPatterns, PATTERNS_MIN_DAYS } from '../src/domain/patterns.js';
import { countsFromGains, countsFromRates, FIRST_DAY, noisyGains } from './series-fixtures.js';

const daysBetween = (a: string, b: string) => Math.abs(dayMs(a) - dayMs(b)) / 86_400_000;

describe('change points', () => {
  it('finds a step in the growth rate within a day of its date, with the rates either side', () => {
    const rng = new Random('step');
    // 0.2 % a day for 70 days, then 1.5 % a day from day 71 on: gain 70 is the first of the new rate.
    const rates = Array.from({ length: 120 }, (_, i) => (i < 70 ? 0.002 : 0.015) + rng.normal(0, 0.0008));
    const patterns = analyzeGrowthPatterns(countsFromRates(20_000, rates));
    expect(patterns.changePoints).toHaveLength(1);
    const [change] = patterns.changePoints;
    expect(daysBetween(change!.date, addDays(FIRST_DAY, 71))).toBeLessThanOrEqual(1);
    expect(change!.rateBefore).toBeCloseTo(0.002, 3);
    expect(change!.rateAfter).toBeCloseTo(0.015, 2);
    expect(change!.gainAfter).toBeGreaterThan(10 * change!.gainBefore);
  });

  it('finds a fall into decline and the recovery after it, each within two days', () => {
    const gains = [...noisyGains(60, 40, 8, 'up'), ...noisyGains(40, -25, 8, 'down'), ...noisyGains(60, 30, 8, 'back')];
    const patterns = analyzeGrowthPatterns(countsFromGains(5_000, gains));
    expect(patterns.changePoints.map((c) => c.date)).toHaveLength(2);
    expect(daysBetween(patterns.changePoints[0]!.date, addDays(FIRST_DAY, 61))).toBeLessThanOrEqual(2);
    expect(daysBetween(patterns.changePoints[1]!.date, addDays(FIRST_DAY, 101))).toBeLessThanOrEqual(2);
    expect(patterns.changePoints[0]!.gainAfter).toBeLessThan(0);
  });

  it('finds none in steady noisy growth, and takes a one-day burst for no change of level', () => {
    const steady = noisyGains(150, 20, 5, 'steady');
    expect(analyzeGrowthPatterns(countsFromGains(3_000, steady)).changePoints).toEqual([]);
    const burst = steady.map((g, i) => (i === 80 ? g + 900 : g));
    expect(analyzeGrowthPatterns(countsFromGains(3_000, burst)).changePoints).toEqual([]);
  });
});

describe('anomalies', () => {
  it('finds a burst with its size in subscribers, and a drop, and nothing else', () => {
    const gains = noisyGains(120, 20, 4, 'bursty');
    gains[49] = gains[49]! + 500; // day 50
    gains[89] = gains[89]! - 300; // day 90
    const patterns = analyzeGrowthPatterns(countsFromGains(4_000, gains));
    expect(patterns.anomalies.map((a) => [a.date, a.kind])).toEqual([
      [addDays(FIRST_DAY, 50), 'BURST'],
      [addDays(FIRST_DAY, 90), 'DROP'],
    ]);
    const [burst, drop] = patterns.anomalies;
    expect(burst!.gain).toBe(gains[49]);
    // The expected day is the local rate: about 20 a day, so the excess is the 500 added, give or take the noise.
    expect(burst!.expectedGain).toBeGreaterThan(10);
    expect(burst!.expectedGain).toBeLessThan(30);
    expect(burst!.excess).toBeGreaterThan(480);
    expect(burst!.excess).toBeLessThan(520);
    expect(burst!.score).toBeGreaterThan(3.5);
    expect(drop!.excess).toBeGreaterThan(-330);
    expect(drop!.excess).toBeLessThan(-270);
    expect(drop!.score).toBeLessThan(-3.5);
  });

  it('never flags an interpolated day: a burst hidden in a gap is spread over it, not reported', () => {
    const gains = noisyGains(90, 20, 4, 'gappy');
    gains[40] = gains[40]! + 600;
    const counts = countsFromGains(4_000, gains).filter((_, i) => i < 39 || i > 43);
    const patterns = analyzeGrowthPatterns(counts);
    expect(patterns.days).toBe(91);
    expect(patterns.anomalies.filter((a) => dayMs(a.date) >= dayMs(addDays(FIRST_DAY, 39)) && dayMs(a.date) <= dayMs(addDays(FIRST_DAY, 44)))).toEqual([]);
  });
});

describe('weekly seasonality', () => {
  it('is 0 for a flat series, with no best or worst weekday', () => {
    const flat = countsFromGains(1_000, new Array(84).fill(0));
    expect(analyzeGrowthPatterns(flat).seasonality).toMatchObject({ strength: 0, bestWeekday: null, worstWeekday: null });
  });

  it('is 0 for steady compounding growth, which has no weekly pattern', () => {
    const counts = Array.from({ length: 84 }, (_, i) => ({ date: addDays(FIRST_DAY, i), count: 1_000 * 1.01 ** i }));
    expect(analyzeGrowthPatterns(counts).seasonality.strength).toBe(0);
  });

  it('is near 1 for a pure weekly pattern, best on its best weekday and worst on its worst', () => {
    // Gains peak on Monday and lose subscribers on Saturday; day i + 1 is weekday (i + 1) % 7.
    const byWeekday = [0.02, 0.012, 0.01, 0.008, 0.006, -0.004, 0.001];
    const rates = Array.from({ length: 112 }, (_, i) => byWeekday[(i + 1) % 7]!);
    const counts = countsFromRates(1_000, rates).map((c, i) => ({ ...c, count: 1_000 * rates.slice(0, i).reduce((p, r) => p * (1 + r), 1) }));
    const { seasonality } = analyzeGrowthPatterns(counts);
    expect(seasonality.strength).toBeGreaterThan(0.99);
    expect(seasonality.bestWeekday).toBe('MONDAY');
    expect(seasonality.worstWeekday).toBe('SATURDAY');
    expect(seasonality.weekdays.map((w) => w.weekday)).toEqual(['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY']);
    expect(seasonality.weekdays[5]!.medianGain).toBeLessThan(0);
    // Effects are relative to the week: they sum to 0, Monday's 0.02 is about 0.013 above the average day.
    expect(seasonality.weekdays.reduce((s, w) => s + w.effect, 0)).toBeCloseTo(0, 10);
    expect(seasonality.weekdays[0]!.effect).toBeCloseTo(Math.log(1.02) - byWeekday.reduce((s, r) => s + Math.log(1 + r), 0) / 7, 4);
  });

  it('is near 0 for noise without a weekly pattern', () => {
    const { seasonality } = analyzeGrowthPatterns(countsFromGains(10_000, noisyGains(365, 30, 10, 'white')));
    expect(seasonality.strength).toBeLessThan(0.05);
  });

  it('stands out of the noise when the pattern is there: strong but below 1', () => {
    const rng = new Random('weekly-noisy');
    const byWeekday = [0.02, 0.012, 0.01, 0.008, 0.006, -0.004, 0.001];
    const rates = Array.from({ length: 140 }, (_, i) => byWeekday[(i + 1) % 7]! + rng.normal(0, 0.002));
    const { seasonality } = analyzeGrowthPatterns(countsFromRates(50_000, rates));
    expect(seasonality.strength).toBeGreaterThan(0.8);
    expect(seasonality.strength).toBeLessThan(1);
    expect(seasonality.bestWeekday).toBe('MONDAY');
  });
});

describe('trend', () => {
  it('gives the daily and weekly rate of steady growth, and calls it steady', () => {
    const rng = new Random('trend');
    const { trend } = analyzeGrowthPatterns(countsFromRates(100_000, Array.from({ length: 90 }, () => 0.01 + rng.normal(0, 0.001))));
    expect(trend.recentDays).toBe(28);
    expect(trend.dailyGrowthRate).toBeCloseTo(0.01, 3);
    expect(trend.weeklyGrowthRate).toBeCloseTo(1.01 ** 7 - 1, 2);
    expect(trend.previousDailyGrowthRate).toBeCloseTo(0.01, 3);
    expect(trend.direction).toBe('STEADY');
  });

  it('says accelerating when the last four weeks grew faster than the four before, and slowing the other way', () => {
    const rng = new Random('speed');
    const speeding = Array.from({ length: 84 }, (_, i) => (i < 56 ? 0.004 : 0.008) + rng.normal(0, 0.001));
    expect(analyzeGrowthPatterns(countsFromRates(10_000, speeding)).trend.direction).toBe('ACCELERATING');
    const slowing = Array.from({ length: 84 }, (_, i) => (i < 56 ? 0.008 : 0.004) + rng.normal(0, 0.001));
    const { trend } = analyzeGrowthPatterns(countsFromRates(10_000, slowing));
    expect(trend.direction).toBe('SLOWING');
    expect(trend.dailyGain).toBeGreaterThan(0);
  });

  it('measures a short history over whole weeks: 20 days give two stretches of one week', () => {
    const { trend } = analyzeGrowthPatterns(countsFromGains(500, noisyGains(19, 5, 1, 'short')));
    expect(trend.recentDays).toBe(7);
    expect(trend.previousDailyGrowthRate).not.toBeNull();
  });
});

describe('too little history', () => {
  it(`needs ${PATTERNS_MIN_DAYS} days, counted after filling gaps`, () => {
    const fourteen = countsFromGains(100, new Array(13).fill(1));
    expect(() => analyzeGrowthPatterns(fourteen)).toThrow(GrowthHistoryTooShortError);
    expect(() => analyzeGrowthPatterns(fourteen)).toThrow(expect.objectContaining({ days: 14, needed: PATTERNS_MIN_DAYS }));
    expect(() => analyzeGrowthPatterns([])).toThrow(expect.objectContaining({ days: 0 }));
    // Two counts 15 days apart span 15 days.
    expect(analyzeGrowthPatterns([fourteen[0]!, { date: addDays(FIRST_DAY, 14), count: 120 }]).days).toBe(15);
  });
});
