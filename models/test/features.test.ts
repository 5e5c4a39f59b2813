import { describe, expect, it } from 'vitest';
import {
  buildEngagementInput,
  channelLevel,
  featureFor,
  FEATURES_PER_POST,
  INPUT_COLUMNS,
  isoWeekday,
  RATIO_CLIP,
  rateToRatio,
  ratioToRate,
  type HistoryPost,
  type InputColumn,
} from '../src/engagement/features.js';

const post = (iso: string, over: Partial<HistoryPost> = {}): HistoryPost => ({
  postedAt: new Date(iso),
  views: 1000,
  forwards: 10,
  replies: 5,
  reactions: 35,
  textLength: 500,
  hasMedia: true,
  ...over,
});
const col = (name: InputColumn) => INPUT_COLUMNS.indexOf(name);
const cell = (input: Float32Array, row: number, name: InputColumn) => input[row * FEATURES_PER_POST + col(name)]!;

describe('engagement features', () => {
  it("measures a channel's level as its history's mean rate and views, smoothing ratios by 10 % of it", () => {
    const level = channelLevel([post('2024-06-01T10:00:00Z'), post('2024-06-02T10:00:00Z', { views: 3000, reactions: 5, forwards: null, replies: 1 })]);
    // Rates 50/1000 = 0.05 and 6/3000 = 0.002.
    expect(level.rate).toBeCloseTo(0.026, 12);
    expect(level.views).toBe(2000);
    expect(level.epsilon).toBeCloseTo(0.0026 + 1e-4, 12);
  });

  it('turns a rate into its clipped log ratio to the level and back', () => {
    const level = { rate: 0.04, views: 100, epsilon: 0.0041 };
    for (const rate of [0, 0.001, 0.04, 0.2]) expect(ratioToRate(rateToRatio(rate, level), level)).toBeCloseTo(rate, 9);
    expect(rateToRatio(0.04, level)).toBe(0);
    expect(rateToRatio(1e6, level)).toBe(RATIO_CLIP);
    expect(ratioToRate(-RATIO_CLIP, level)).toBe(0);
  });

  it('reads ISO weekdays (Monday = 0) in UTC', () => {
    expect(isoWeekday(new Date('2024-06-03T23:30:00Z'))).toBe(0);
    expect(isoWeekday(new Date('2024-06-09T00:10:00Z'))).toBe(6);
  });

  it('builds [historyPosts + 1, columns]: zero rows pad a short history, the posts oldest first, then the candidate', () => {
    const history = [post('2024-06-03T10:00:00Z', { reactions: 85 }), post('2024-06-01T10:00:00Z'), post('2024-06-02T10:00:00Z', { reactions: 5 })];
    const { input, level, used } = buildEngagementInput(history, { hourOfDay: 9, dayOfWeek: 1, contentLength: 0, hasMedia: false }, 4);
    expect(input).toHaveLength(5 * FEATURES_PER_POST);
    expect(used.map((p) => p.postedAt.getUTCDate())).toEqual([1, 2, 3]);
    expect(Array.from(input.subarray(0, FEATURES_PER_POST))).toEqual(new Array(FEATURES_PER_POST).fill(0));
    // Rates 0.05, 0.02, 0.1: level 0.0566…, each row its log ratio.
    expect(level.rate).toBeCloseTo(0.17 / 3, 12);
    [0.05, 0.02, 0.1].forEach((rate, i) => expect(cell(input, i + 1, 'rate_vs_level')).toBeCloseTo(rateToRatio(rate, level), 6));
    expect([1, 2, 3, 4].map((r) => cell(input, r, 'present'))).toEqual([1, 1, 1, 1]);
    expect([1, 2, 3].map((r) => cell(input, r, 'is_candidate'))).toEqual([0, 0, 0]);
    expect(cell(input, 4, 'is_candidate')).toBe(1);
    // The candidate: no rate yet, no text, no media, no time beyond hour and weekday.
    expect(cell(input, 4, 'rate_known')).toBe(0);
    expect(cell(input, 4, 'rate_vs_level')).toBe(0);
    expect(cell(input, 4, 'has_text')).toBe(0);
    expect(cell(input, 4, 'gap_known')).toBe(0);
    expect(cell(input, 4, 'hour_sin')).toBeCloseTo(Math.sin((2 * Math.PI * 9.5) / 24), 6);
    expect(cell(input, 4, 'weekday_cos')).toBeCloseTo(Math.cos((2 * Math.PI) / 7), 6);
  });

  it('keeps only the last `historyPosts` posts of a longer history', () => {
    const history = Array.from({ length: 40 }, (_, i) => post(`2024-06-${String((i % 28) + 1).padStart(2, '0')}T${String(Math.floor(i / 28) + 10)}:00:00Z`));
    const { used } = buildEngagementInput(history, { hourOfDay: 0, dayOfWeek: 0, contentLength: 0, hasMedia: false }, 32);
    expect(used).toHaveLength(32);
  });

  it('tells unknown forwards from zero forwards, and gives each kind its share of the engagement', () => {
    const history = [post('2024-06-01T10:00:00Z', { forwards: null }), post('2024-06-02T10:00:00Z', { forwards: 0 }), post('2024-06-03T10:00:00Z')];
    const { input } = buildEngagementInput(history, { hourOfDay: 0, dayOfWeek: 0, contentLength: 0, hasMedia: false }, 3);
    expect([0, 1, 2].map((r) => cell(input, r, 'forwards_known'))).toEqual([0, 1, 1]);
    expect([0, 1, 2].map((r) => cell(input, r, 'forwards_share'))).toEqual([0, 0, Math.fround(10 / 50)]);
    expect(cell(input, 2, 'replies_share')).toBeCloseTo(5 / 50, 6);
  });

  it('marks album items (within a minute of the previous post) and the gap, for history and a timed candidate', () => {
    const history = [post('2024-06-01T10:00:00Z'), post('2024-06-01T10:00:02Z', { textLength: 0 }), post('2024-06-01T13:00:02Z')];
    const { input } = buildEngagementInput(history, { hourOfDay: 13, dayOfWeek: 5, contentLength: 0, hasMedia: true, postedAt: new Date('2024-06-01T13:00:05Z') }, 3);
    expect([0, 1, 2, 3].map((r) => cell(input, r, 'album_item'))).toEqual([0, 1, 0, 1]);
    expect([0, 1, 2, 3].map((r) => cell(input, r, 'gap_known'))).toEqual([0, 1, 1, 1]);
    expect(cell(input, 2, 'gap')).toBeCloseTo(Math.log1p(180) / 10, 6);
    expect(cell(input, 1, 'has_text')).toBe(0);
  });

  it("reads a live candidate's early counts as its rate so far", () => {
    const history = [post('2024-06-01T10:00:00Z'), post('2024-06-02T10:00:00Z')];
    const { input, level } = buildEngagementInput(history, { hourOfDay: 0, dayOfWeek: 0, contentLength: 10, hasMedia: false, views: 200, reactions: 20 }, 2);
    expect(cell(input, 2, 'rate_known')).toBe(1);
    expect(cell(input, 2, 'rate_vs_level')).toBeCloseTo(rateToRatio(0.1, level), 6);
    expect(cell(input, 2, 'forwards_known')).toBe(0);
    expect(cell(input, 2, 'views_vs_level')).toBe(0);
  });

  it('validates candidate fields from one table: ranges and where a scaling saturates', () => {
    expect(featureFor('hourOfDay').range).toEqual({ min: 0, max: 23 });
    expect(featureFor('contentLength').scaling.saturatesAt).toBe(4096);
    const views = featureFor('views').scaling;
    expect(views.invert(views.apply(12_345))).toBeCloseTo(12_345, 6);
  });
});
