import { describe, expect, it } from 'vitest';
import type { ChannelRecord, PostRecord } from '../src/interchange.js';
import { channelProfiles, engagementRate, simulateChannels } from '../src/simulator.js';
import { toJsonLine } from '../src/interchange.js';

const channels = simulateChannels({ seed: 42, channels: 24, days: 180 });
const profiles = channelProfiles({ seed: 42, channels: 24, days: 180 });
const posts = channels.flatMap((c) => c.posts);

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const quantile = (sorted: readonly number[], q: number) => sorted[Math.floor(q * (sorted.length - 1))]!;
const hourOf = (p: PostRecord) => new Date(p.postedAt).getUTCHours();
const bytes = (records: ChannelRecord[]) => records.map(toJsonLine).join('\n');
/** A media post right after another one (consecutive id, within 10 s): an album item after the first. */
const isAlbumFollower = (previous: PostRecord, post: PostRecord) =>
  previous.hasMedia &&
  post.hasMedia &&
  Number(post.id) === Number(previous.id) + 1 &&
  Date.parse(post.postedAt) - Date.parse(previous.postedAt) <= 10_000;

/** Each post's engagement rate relative to its channel's mean, so channel mix cannot fake an effect. */
const relative = channels.flatMap((c) => {
  const channelMean = mean(c.posts.map(engagementRate));
  return channelMean > 0 ? c.posts.map((p) => ({ post: p, rate: engagementRate(p) / channelMean })) : [];
});

describe('engagementRate', () => {
  it('adds forwards, replies and reactions over views, counting unknown forwards as 0', () => {
    expect(engagementRate({ views: 200, forwards: 4, replies: 6, reactions: 10 })).toBe(0.1);
    expect(engagementRate({ views: 200, forwards: null, replies: 6, reactions: 10 })).toBe(0.08);
    expect(engagementRate({ views: 0, forwards: 1, replies: 1, reactions: 1 })).toBe(0);
  });
});

describe('simulateChannels: determinism', () => {
  it('gives the same bytes for the same seed and different ones for another seed', () => {
    const again = simulateChannels({ seed: 42, channels: 24, days: 180 });
    expect(bytes(again)).toBe(bytes(channels));
    expect(bytes(simulateChannels({ seed: 43, channels: 24, days: 180 }))).not.toBe(bytes(channels));
  });

  it('does not change a channel when the number of channels changes', () => {
    expect(bytes(simulateChannels({ seed: 42, channels: 3, days: 180 }))).toBe(bytes(channels.slice(0, 3)));
  });

  it('rejects nonsense options by naming the value', () => {
    expect(() => simulateChannels({ seed: 1, channels: 1, days: 0 })).toThrow(/days .* got 0/);
    expect(() => simulateChannels({ seed: 1, channels: -1, days: 5 })).toThrow(/channels .* got -1/);
    expect(() => simulateChannels({ seed: 1, channels: 1, days: 5, endDate: '2024-02-30' })).toThrow(/2024-02-30/);
  });
});

describe('simulateChannels: shape', () => {
  it('names channels with the prefix and gives each a title', () => {
    expect(channels.map((c) => c.id)).toEqual(channels.map((_, i) => `sim-${i + 1}`));
    expect(simulateChannels({ seed: 1, channels: 1, days: 3, idPrefix: 'demo' })[0]!.id).toBe('demo-1');
    expect(channels.every((c) => c.title.length > 0)).toBe(true);
  });

  it('sorts posts by time with increasing integer ids', () => {
    for (const c of channels) {
      const times = c.posts.map((p) => p.postedAt);
      expect(times).toEqual([...times].sort());
      const ids = c.posts.map((p) => Number(p.id));
      expect(ids.every((id, i) => Number.isInteger(id) && (i === 0 || id > ids[i - 1]!))).toBe(true);
    }
  });

  it('keeps counts non-negative integers (forwards may be unknown), text lengths exact and media-only posts text-free', () => {
    const isCount = (n: number | null) => n !== null && Number.isSafeInteger(n) && n >= 0;
    const broken = posts.filter(
      (p) =>
        ![p.views, p.replies, p.reactions].every(isCount) ||
        !(p.forwards === null || isCount(p.forwards)) ||
        p.textLength !== p.text?.length,
    );
    expect(broken).toEqual([]);
    const empty = posts.filter((p) => p.text === '');
    expect(empty.length).toBeGreaterThan(0);
    expect(empty.every((p) => p.hasMedia)).toBe(true);
  });

  it('has one subscriber count per day from countsFrom to endDate, but for the missing days its profile names', () => {
    const days = (from: string) => Array.from({ length: 180 }, (_, d) => new Date(Date.UTC(2024, 11, 31 - 179 + d)).toISOString().slice(0, 10)).filter((day) => day >= from);
    channels.forEach((c, i) => {
      const growth = profiles[i]!.growth;
      const missing = new Set(growth.missingDates);
      expect(c.subscriberCounts.map((s) => s.date), c.id).toEqual(days(growth.countsFrom).filter((day) => !missing.has(day)));
      if (!growth.lateCounts && missing.size === 0) expect(c.subscriberCounts).toHaveLength(180);
    });
    expect(channels.filter((c) => c.subscriberCounts.length === 180).length).toBeGreaterThan(12);
  });
});

describe('simulateChannels: realism', () => {
  it('spreads channel sizes over orders of magnitude', () => {
    const sizes = channels.map((c) => c.subscriberCounts[0]!.count);
    expect(Math.max(...sizes) / Math.min(...sizes)).toBeGreaterThan(50);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(250);
  });

  it('gives heavy-tailed views (p99/p50 > 5)', () => {
    const views = posts.map((p) => p.views).sort((a, b) => a - b);
    expect(quantile(views, 0.99) / quantile(views, 0.5)).toBeGreaterThan(5);
  });

  it('makes channels differ in engagement (lowest mean rate under 3 %, highest over 8 %)', () => {
    const rates = channels.map((c) => mean(c.posts.map(engagementRate)));
    expect(Math.min(...rates)).toBeLessThan(0.03);
    expect(Math.max(...rates)).toBeGreaterThan(0.08);
  });

  it('engages more in the evening (18-22 UTC) than at night (0-5 UTC)', () => {
    const bucket = (lo: number, hi: number) =>
      relative.filter(({ post }) => hourOf(post) >= lo && hourOf(post) <= hi).map((r) => r.rate);
    const evening = bucket(18, 22);
    const night = bucket(0, 5);
    expect(night.length).toBeGreaterThan(200);
    expect(mean(evening) / mean(night)).toBeGreaterThan(1.4);
  });

  it('engages more with media posts than with text-only posts of the same channels (an album counts by its first post)', () => {
    const lifts = channels.flatMap((c) => {
      // Album items after the first get a trickle by design (see the regime tests); the album's first post carries its engagement.
      const followers = new Set(c.posts.filter((p, i) => i > 0 && isAlbumFollower(c.posts[i - 1]!, p)));
      const media = c.posts.filter((p) => p.hasMedia && !followers.has(p)).map(engagementRate);
      const plain = c.posts.filter((p) => !p.hasMedia).map(engagementRate);
      return media.length >= 20 && plain.length >= 20 ? [mean(media) / mean(plain)] : [];
    });
    expect(lifts.length).toBeGreaterThanOrEqual(15);
    expect(lifts.filter((lift) => lift > 1).length / lifts.length).toBeGreaterThan(0.8);
    expect(mean(lifts)).toBeGreaterThan(1.1);
  });

  it('engages more with boosting words than with dampening words', () => {
    const boosting = /\b(exclusive|giveaway|breaking)\b/i;
    const dampening = /\b(reminder|sponsored|ad)\b/i;
    const withBoost = relative.filter(({ post }) => boosting.test(post.text!) && !dampening.test(post.text!));
    const withDamp = relative.filter(({ post }) => dampening.test(post.text!) && !boosting.test(post.text!));
    expect(withBoost.length).toBeGreaterThan(100);
    expect(withDamp.length).toBeGreaterThan(100);
    expect(mean(withBoost.map((r) => r.rate)) / mean(withDamp.map((r) => r.rate))).toBeGreaterThan(1.4);
  });

  it('draws more replies under questions', () => {
    const replyShare = (ps: PostRecord[]) => mean(ps.map((p) => p.replies)) / mean(ps.map((p) => p.views));
    const texts = posts.filter((p) => p.text !== '');
    const questions = texts.filter((p) => p.text!.trimEnd().endsWith('?'));
    expect(replyShare(questions)).toBeGreaterThan(replyShare(texts.filter((p) => !questions.includes(p))));
  });

  it('grows subscribers faster Monday-Thursday than at weekends, unless a channel has no weekly seasonality', () => {
    const seasonal = channels.filter((_, i) => profiles[i]!.growth.seasonality !== 'none');
    const weekdayMinusWeekend = seasonal.map((c) => {
      const weekday: number[] = [];
      const weekend: number[] = [];
      c.subscriberCounts.forEach((s, i) => {
        // A change across a missing day is not one day's.
        if (i === 0 || Date.parse(s.date) - Date.parse(c.subscriberCounts[i - 1]!.date) !== 86_400_000) return;
        const change = s.count / c.subscriberCounts[i - 1]!.count - 1;
        const day = new Date(`${s.date}T00:00:00Z`).getUTCDay();
        if (day >= 1 && day <= 4) weekday.push(change);
        else if (day === 0 || day === 6) weekend.push(change);
      });
      return mean(weekday) - mean(weekend);
    });
    expect(seasonal.length).toBeGreaterThanOrEqual(16);
    expect(weekdayMinusWeekend.filter((d) => d > 0).length / seasonal.length).toBeGreaterThanOrEqual(0.8);
    expect(mean(weekdayMinusWeekend)).toBeGreaterThan(0.001);
  });
});
