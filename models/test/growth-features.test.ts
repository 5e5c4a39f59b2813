import { describe, expect, it } from 'vitest';
import { simulateChannels } from '@telepulse/dataset';
import { growthHistoryOf, growthHistoryUntil } from '../src/growth/channel-history.js';
import { buildGrowthInput, FEATURE_CLIP, GAIN_SCALE, GROWTH_COLUMNS, GROWTH_FEATURES, growthColumn, GrowthHistoryError, LEVEL_SCALE, type GrowthColumn } from '../src/growth/features.js';
import { addDays, GROWTH_WINDOW, GrowthHistoryTooShortError, type DailyCount } from '../src/growth/series.js';

const START = '2024-06-03'; // a Monday
/** `n` consecutive days from START, growing 1 % a day from 1000. */
const days = (n: number, from = START): DailyCount[] => Array.from({ length: n }, (_, i) => ({ date: addDays(from, i), count: Math.round(1000 * 1.01 ** i) }));

const row = (input: Float32Array, r: number) => input.subarray(r * GROWTH_FEATURES, (r + 1) * GROWTH_FEATURES);
const cell = (input: Float32Array, r: number, name: GrowthColumn) => row(input, r)[growthColumn(name)]!;

describe('buildGrowthInput', () => {
  it('left-pads a 40-day history to 56 rows of zeros and marks the 40 days present', () => {
    const counts = days(40);
    const { input, historyUsed, lastDate, lastCount, filledCounts } = buildGrowthInput({ counts });
    expect(input).toBeInstanceOf(Float32Array);
    expect(input).toHaveLength(GROWTH_WINDOW * GROWTH_FEATURES);
    expect(GROWTH_FEATURES).toBe(GROWTH_COLUMNS.length);
    expect(historyUsed).toBe(40);
    expect(lastDate).toBe(counts[39]!.date);
    expect(lastCount).toBe(counts[39]!.count);
    expect(filledCounts).toEqual(counts.map((c) => c.count));
    for (let r = 0; r < 16; r++) expect([...row(input, r)]).toEqual(new Array(GROWTH_FEATURES).fill(0));
    for (let r = 16; r < 56; r++) expect(cell(input, r, 'present')).toBe(1);
  });

  it('reads gains, levels, weekdays, size and recency from the counts', () => {
    const counts = days(60);
    const { input, historyUsed } = buildGrowthInput({ counts });
    expect(historyUsed).toBe(56);
    const last = counts[59]!.count;
    // The first row's gain comes from the day before the window, which the history has.
    expect(cell(input, 0, 'gain')).toBeCloseTo(GAIN_SCALE * Math.log(counts[4]!.count / counts[3]!.count), 5);
    expect(cell(input, 55, 'gain')).toBeCloseTo(GAIN_SCALE * Math.log(counts[59]!.count / counts[58]!.count), 5);
    expect(cell(input, 55, 'level')).toBe(0);
    expect(cell(input, 0, 'level')).toBeCloseTo(Math.max(-FEATURE_CLIP, LEVEL_SCALE * Math.log(counts[4]!.count / last)), 5);
    expect(cell(input, 10, 'size')).toBeCloseTo(Math.log1p(last) / 15, 6);
    expect(cell(input, 55, 'recency')).toBe(0);
    expect(cell(input, 0, 'recency')).toBeCloseTo(55 / 56, 6);
    // counts[4] is a Friday (ISO weekday 4), the last day (counts[59]) a Thursday (3).
    expect(cell(input, 0, 'weekday_sin')).toBeCloseTo(Math.sin((2 * Math.PI * 4) / 7), 6);
    expect(cell(input, 55, 'weekday_cos')).toBeCloseTo(Math.cos((2 * Math.PI * 3) / 7), 6);
  });

  it('has no gain on the very first day of the history', () => {
    const { input } = buildGrowthInput({ counts: days(30) });
    expect(cell(input, 26, 'present')).toBe(1);
    expect(cell(input, 26, 'gain')).toBe(0);
    expect(cell(input, 27, 'gain')).not.toBe(0);
  });

  it('fills missing days on the log-linear path, flags them, and counts them as history', () => {
    const counts = days(40).filter((_, i) => i < 10 || i > 12);
    const { input, historyUsed, filledCounts } = buildGrowthInput({ counts });
    expect(historyUsed).toBe(40);
    const firstRow = GROWTH_WINDOW - 40;
    const filledRows = [10, 11, 12].map((i) => firstRow + i);
    for (let r = firstRow; r < GROWTH_WINDOW; r++) expect(cell(input, r, 'filled')).toBe(filledRows.includes(r) ? 1 : 0);
    // Geometric interpolation: equal log gains over the gap.
    const gains = [10, 11, 12, 13].map((i) => cell(input, firstRow + i, 'gain'));
    gains.forEach((g) => expect(g).toBeCloseTo(gains[0]!, 4));
    expect(filledCounts[11]).toBeCloseTo(Math.sqrt(filledCounts[10]! * filledCounts[12]!), 6);
  });

  it('refuses fewer than 28 days with GrowthHistoryTooShortError saying how many exist and are needed', () => {
    const short = () => buildGrowthInput({ counts: days(27) });
    expect(short).toThrow(GrowthHistoryTooShortError);
    try {
      short();
    } catch (error) {
      expect(error).toMatchObject({ code: 'GROWTH_HISTORY_TOO_SHORT', days: 27, needed: 28 });
    }
  });

  it('counts filled days towards the minimum: two counts 27 days apart are 28 days', () => {
    const counts = [
      { date: START, count: 100 },
      { date: addDays(START, 27), count: 200 },
    ];
    const { historyUsed, input } = buildGrowthInput({ counts });
    expect(historyUsed).toBe(28);
    expect(cell(input, GROWTH_WINDOW - 2, 'filled')).toBe(1);
  });

  it('flags activity as known only where the caller gave it, and engagement only on days with posts', () => {
    const counts = days(30);
    const activity = [
      { date: counts[29]!.date, posts: 3, engagementRate: 0.02 },
      { date: counts[28]!.date, posts: 0, engagementRate: null },
      { date: counts[27]!.date, posts: 2, engagementRate: null },
    ];
    const { input } = buildGrowthInput({ counts, activity });
    expect(cell(input, 55, 'posts')).toBeCloseTo(Math.log1p(3) / 3, 6);
    expect(cell(input, 55, 'posts_known')).toBe(1);
    expect(cell(input, 55, 'engagement')).toBeCloseTo((Math.log(0.02 + 1e-4) + 5) / 3, 6);
    expect(cell(input, 55, 'engagement_known')).toBe(1);
    expect([cell(input, 54, 'posts'), cell(input, 54, 'posts_known'), cell(input, 54, 'engagement_known')]).toEqual([0, 1, 0]);
    expect([cell(input, 53, 'posts_known'), cell(input, 53, 'engagement_known')]).toEqual([1, 0]);
    expect([cell(input, 52, 'posts'), cell(input, 52, 'posts_known')]).toEqual([0, 0]);
  });

  it.each([
    [[{ date: '2024-06-02', count: 5 }, { date: '2024-06-01', count: 5 }], /counts\[1\]\.date 2024-06-01 does not follow 2024-06-02/],
    [[{ date: '2024-06-01', count: 5 }, { date: '2024-06-01', count: 6 }], /ascending by date without repeats/],
    [[{ date: '2024-06-01', count: -1 }], /counts\[0\]\.count must be a finite number >= 0, got -1/],
    [[{ date: '2024-06-01', count: Number.NaN }], /got NaN/],
    [[{ date: 'June 1', count: 5 }], /counts\[0\]\.date must be a YYYY-MM-DD day, got "June 1"/],
  ])('rejects an unreadable history with GrowthHistoryError (%#)', (counts, message) => {
    expect(() => buildGrowthInput({ counts })).toThrow(GrowthHistoryError);
    expect(() => buildGrowthInput({ counts })).toThrow(message);
  });
});

describe('growthHistoryOf', () => {
  const [channel] = simulateChannels({ seed: 3, channels: 1, days: 40 });

  it('takes the counts as they are and the activity of every day from the first post, zero-post days included', () => {
    const history = growthHistoryOf(channel!);
    expect(history.counts).toEqual(channel!.subscriberCounts);
    const firstPostDay = channel!.posts[0]!.postedAt.slice(0, 10);
    expect(history.activity![0]!.date).toBe(firstPostDay);
    expect(history.activity!.at(-1)!.date).toBe(channel!.subscriberCounts.at(-1)!.date);
    const dates = history.activity!.map((a) => a.date);
    dates.slice(1).forEach((d, i) => expect(d).toBe(addDays(dates[i]!, 1)));
    const total = history.activity!.reduce((n, a) => n + a.posts, 0);
    expect(total).toBe(channel!.posts.length);
    for (const a of history.activity!) expect(a.engagementRate === null).toBe(a.posts === 0 || a.engagementRate === null);
  });

  it('gives no activity for a channel without posts, and cuts a history at a day', () => {
    expect(growthHistoryOf({ ...channel!, posts: [] })).toEqual({ counts: channel!.subscriberCounts });
    const until = growthHistoryUntil(growthHistoryOf(channel!), channel!.subscriberCounts[9]!.date);
    expect(until.counts).toHaveLength(10);
    expect(until.activity!.every((a) => a.date <= channel!.subscriberCounts[9]!.date)).toBe(true);
  });
});
