import { describe, expect, it } from 'vitest';
import { engagementRate } from '@telepulse/dataset';
import { buildEngagementInput, HISTORY_POSTS, type HistoryPost } from '../src/engagement/features.js';
import { ENGAGEMENT_DRIFT_FEATURES, engagementDriftFeatures } from '../src/engagement/drift-features.js';
import { buildGrowthInput } from '../src/growth/features.js';
import { GROWTH_DRIFT_FEATURES, growthDriftFeatures } from '../src/growth/drift-features.js';
import { addDays, GROWTH_WINDOW } from '../src/growth/series.js';
import { VIRAL_DRIFT_FEATURES, viralDriftFeatures, viralLnLength } from '../src/content-viral/drift-features.js';

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** `n` posts two hours apart with views and engagement that vary. */
const posts = (n: number): HistoryPost[] =>
  Array.from({ length: n }, (_, i) => ({
    postedAt: new Date(Date.UTC(2025, 0, 1) + i * 7_200_000),
    views: 500 + ((i * 137) % 900),
    forwards: i % 3 === 0 ? null : i % 5,
    replies: i % 4,
    reactions: 5 + ((i * 7) % 30),
    textLength: 100 + i,
    hasMedia: i % 2 === 0,
  }));

describe('engagementDriftFeatures', () => {
  it('reads the candidate and the history back out of the model input', () => {
    const history = posts(40);
    const { input } = buildEngagementInput(history, { hourOfDay: 13, dayOfWeek: 4, contentLength: 250, hasMedia: true, postedAt: new Date('2025-01-10T13:45:00Z') });
    const features = engagementDriftFeatures(input);
    expect(Object.keys(features)).toEqual([...ENGAGEMENT_DRIFT_FEATURES]);
    expect(features.hourOfDay).toBeCloseTo(13.75, 4);
    expect(features.dayOfWeek).toBe(4);
    expect(features.lnContentLength).toBeCloseTo(Math.log1p(250), 5);
    expect(features.hasMedia).toBe(1);
    const used = history.slice(-HISTORY_POSTS);
    expect(features.historyLength).toBe(HISTORY_POSTS);
    expect(features.historyMedianLnViews).toBeCloseTo(median(used.map((p) => Math.log1p(p.views))), 4);
    expect(features.historyMedianRate).toBeCloseTo(median(used.map((p) => engagementRate(p))), 5);
  });

  it('counts a short history and reads a candidate without a time at the middle of its hour', () => {
    const history = posts(5);
    const { input } = buildEngagementInput(history, { hourOfDay: 23, dayOfWeek: 0, contentLength: 0, hasMedia: false });
    const features = engagementDriftFeatures(input);
    expect(features).toMatchObject({ dayOfWeek: 0, lnContentLength: 0, hasMedia: 0, historyLength: 5 });
    expect(features.hourOfDay).toBeCloseTo(23.5, 4);
    expect(features.historyMedianRate).toBeCloseTo(median(history.map((p) => engagementRate(p))), 5);
  });

  it('refuses an input of another shape, saying what it expected', () => {
    expect(() => engagementDriftFeatures(new Float32Array(10))).toThrow(/holds 660 values, got 10/);
  });
});

describe('growthDriftFeatures', () => {
  it('gives the mean and spread of the daily log gains, the size and the days read', () => {
    // Alternating 1 % and 3 % days from 1,000.
    const counts = [{ date: '2024-06-01', count: 1000 }];
    for (let i = 1; i < 80; i++) counts.push({ date: addDays('2024-06-01', i), count: counts[i - 1]!.count * (i % 2 ? 1.01 : 1.03) });
    const features = growthDriftFeatures(buildGrowthInput({ counts }).input);
    expect(Object.keys(features)).toEqual([...GROWTH_DRIFT_FEATURES]);
    expect(features.historyDays).toBe(GROWTH_WINDOW);
    // The gains between the window's days (its first day's gain, from the day before, is left out).
    const gains = counts.slice(-GROWTH_WINDOW).slice(1).map((c, i) => Math.log(c.count / counts[counts.length - GROWTH_WINDOW + i]!.count));
    const mean = gains.reduce((a, b) => a + b, 0) / gains.length;
    expect(features.meanDailyLogGain).toBeCloseTo(mean, 5);
    expect(features.stdDailyLogGain).toBeCloseTo(Math.sqrt(gains.reduce((a, g) => a + (g - mean) ** 2, 0) / gains.length), 5);
    expect(features.lnLastCount).toBeCloseTo(Math.log1p(counts.at(-1)!.count), 3);
  });

  it('reads a history shorter than the window without its padding', () => {
    const counts = Array.from({ length: 30 }, (_, i) => ({ date: addDays('2024-06-01', i), count: 500 }));
    expect(growthDriftFeatures(buildGrowthInput({ counts }).input)).toEqual({ meanDailyLogGain: 0, stdDailyLogGain: 0, lnLastCount: expect.closeTo(Math.log1p(500), 4), historyDays: 30 });
  });
});

describe('viralDriftFeatures', () => {
  it('counts what a text holds', () => {
    const text = 'Срочно! Смотрите https://t.me/x #новости @friend_channel 🔥🔥\nВторая строка';
    const features = viralDriftFeatures(text);
    expect(Object.keys(features)).toEqual([...VIRAL_DRIFT_FEATURES]);
    expect(features).toMatchObject({ lnLength: viralLnLength(text.length), emoji: 2, links: 1, hashtags: 1, mentions: 1, lines: 2 });
    expect(features.cyrillicShare).toBeGreaterThan(0.5);
    expect(features.uppercaseShare).toBeGreaterThan(0);
  });
});
