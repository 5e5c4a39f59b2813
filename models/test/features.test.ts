import { describe, expect, it } from 'vitest';
import { buildEngagementInput, candidateFeatures, featureFor, historyFeatures, isoWeekday, POST_FEATURES, postFeatures, type HistoryPost } from '../src/engagement/features.js';

const post = (iso: string, views = 1000): HistoryPost => ({ postedAt: new Date(iso), views, forwards: 10, replies: 5, reactions: 40, textLength: 500, hasMedia: true });

describe('engagement features', () => {
  it('log-scales counts and normalises time, length and media as the model contract says', () => {
    const f = postFeatures({ views: 1000, forwards: 10, replies: 5, reactions: 40, hourOfDay: 18, dayOfWeek: 3, contentLength: 2500, hasMedia: true });
    expect(f[0]).toBeCloseTo(Math.log1p(1000) / 10, 12);
    expect(f[1]).toBeCloseTo(Math.log1p(10) / 5, 12);
    expect(f[2]).toBeCloseTo(Math.log1p(5) / 3, 12);
    expect(f[3]).toBeCloseTo(Math.log1p(40) / 8, 12);
    expect(f.slice(4)).toEqual([18 / 24, 3 / 7, 1, 1]);
  });

  it('counts unknown forwards as zero', () => {
    expect(postFeatures({ views: 1, forwards: null, replies: 0, reactions: 0, hourOfDay: 0, dayOfWeek: 0, contentLength: 0, hasMedia: false })[1]).toBe(0);
  });

  it('reads hour and ISO weekday (Monday = 0) in UTC', () => {
    expect(isoWeekday(new Date('2024-06-03T23:30:00Z'))).toBe(0); // a Monday
    expect(isoWeekday(new Date('2024-06-09T00:10:00Z'))).toBe(6); // a Sunday
    const f = historyFeatures(post('2024-06-09T21:00:00Z'));
    expect(f[4]).toBe(21 / 24);
    expect(f[5]).toBe(6 / 7);
  });

  it('builds [historyPosts + 1, 8]: the latest posts oldest first, left-padded with zeros, then the candidate', () => {
    const history = [post('2024-06-03T10:00:00Z', 300), post('2024-06-01T10:00:00Z', 100), post('2024-06-02T10:00:00Z', 200)];
    const candidate = { hourOfDay: 9, dayOfWeek: 1, contentLength: 100, hasMedia: false };
    const input = buildEngagementInput(history, candidate, 4);
    expect(input).toHaveLength(5 * 8);
    expect(Array.from(input.subarray(0, 8))).toEqual(new Array(8).fill(0));
    const viewsByRow = [1, 2, 3].map((r) => input[r * 8]!);
    expect(viewsByRow).toEqual([100, 200, 300].map((v) => Math.fround(Math.log1p(v) / 10)));
    expect(Array.from(input.subarray(32))).toEqual(Array.from(Float32Array.from(candidateFeatures(candidate))));
  });

  it('keeps only the last `historyPosts` posts of a longer history', () => {
    const history = Array.from({ length: 20 }, (_, i) => post(`2024-06-${String(i + 1).padStart(2, '0')}T10:00:00Z`, (i + 1) * 10));
    const input = buildEngagementInput(history, { hourOfDay: 0, dayOfWeek: 0, contentLength: 0, hasMedia: false }, 16);
    expect(input[0]).toBeCloseTo(Math.log1p(50) / 10, 6);
  });

  it('builds a published post and the same post as a candidate alike: one table defines both', () => {
    const published = post('2024-06-05T18:00:00Z', 2500);
    const asCandidate = { hourOfDay: 18, dayOfWeek: 2, contentLength: 500, hasMedia: true, views: 2500, forwards: 10, replies: 5, reactions: 40 };
    expect(historyFeatures(published)).toEqual(candidateFeatures(asCandidate));
  });

  it('inverts each numeric scaling below its saturation, so a statistic can be told back in raw units', () => {
    for (const { name, scaling } of POST_FEATURES.filter((f) => 'range' in f)) {
      const raw = Number.isFinite(scaling.saturatesAt) ? scaling.saturatesAt / 2 : 12_345;
      expect(scaling.invert(scaling.apply(raw)), name).toBeCloseTo(raw, 6);
    }
    expect(featureFor('contentLength').scaling.saturatesAt).toBe(1000);
    expect(featureFor('views').scaling.formula).toBe('log1p(x) / 10');
  });
});
