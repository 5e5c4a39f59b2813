import { describe, expect, it } from 'vitest';
import type { ChannelRecord, PostRecord } from '../src/interchange.js';
import { channelProfiles, engagementRate, simulateChannels } from '../src/simulator.js';

/** The regimes of the simulator's header, checked over enough channels to see each one's frequency. */
const options = { seed: 7, channels: 300, days: 240 };
const channels = simulateChannels(options);
const profiles = channelProfiles(options);
const pairs = channels.map((channel, i) => ({ channel, profile: profiles[i]! }));

const DAY_MS = 86_400_000;
const share = (predicate: (i: number) => boolean) => channels.filter((_, i) => predicate(i)).length / channels.length;
const median = (xs: readonly number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
};
const sum = (posts: readonly PostRecord[], count: (p: PostRecord) => number) => posts.reduce((s, p) => s + count(p), 0);
const interactions = (p: PostRecord) => (p.forwards ?? 0) + p.replies + p.reactions;
const seconds = (p: PostRecord) => Date.parse(p.postedAt) / 1000;

/** Runs of posts each at most 10 s after the one before: an album, or a lone post. */
function postingEvents(channel: ChannelRecord): PostRecord[][] {
  const events: PostRecord[][] = [];
  channel.posts.forEach((post, i) => {
    if (i > 0 && seconds(post) - seconds(channel.posts[i - 1]!) <= 10) events.at(-1)!.push(post);
    else events.push([post]);
  });
  return events;
}
const albumsOf = (channel: ChannelRecord) => postingEvents(channel).filter((e) => e.length > 1);

describe('channelProfiles', () => {
  it('describes the channels simulateChannels returns, in order, and is deterministic', () => {
    expect(profiles.map((p) => p.id)).toEqual(channels.map((c) => c.id));
    expect(channelProfiles(options)).toEqual(profiles);
    expect(channelProfiles({ ...options, channels: 5 })).toEqual(profiles.slice(0, 5));
  });
});

describe('simulator regimes: frequencies as documented', () => {
  it('draws each regime about as often as the header says', () => {
    expect(share((i) => profiles[i]!.personal)).toBeGreaterThan(0.12 - 0.06);
    expect(share((i) => profiles[i]!.personal)).toBeLessThan(0.12 + 0.06);
    expect(share((i) => profiles[i]!.forwardsUnknown)).toBeGreaterThan(0.25 - 0.08);
    expect(share((i) => profiles[i]!.forwardsUnknown)).toBeLessThan(0.25 + 0.08);
    expect(share((i) => profiles[i]!.commentsOff)).toBeGreaterThan(0.3 - 0.08);
    expect(share((i) => profiles[i]!.commentsOff)).toBeLessThan(0.3 + 0.08);
    expect(share((i) => profiles[i]!.albumShare > 0)).toBeGreaterThan(0.48 - 0.1);
    expect(share((i) => profiles[i]!.albumShare > 0)).toBeLessThan(0.48 + 0.1);
    const news = profiles.filter((p) => p.topic === 'news');
    const forwardHeavy = news.filter((p) => p.forwardHeavyNews).length / news.length;
    expect(forwardHeavy).toBeGreaterThan(0.3);
    expect(forwardHeavy).toBeLessThan(0.7);
    expect(profiles.filter((p) => p.forwardHeavyNews).every((p) => p.topic === 'news')).toBe(true);
    expect(profiles.filter((p) => p.personal).every((p) => p.topic === 'personal')).toBe(true);
  });
});

describe('simulator regimes: signatures', () => {
  it('forwards unknown: every post of those channels has forwards null, every post of the others a count', () => {
    for (const { channel, profile } of pairs) {
      expect(channel.posts.every((p) => (p.forwards === null) === profile.forwardsUnknown), channel.id).toBe(true);
    }
  });

  it('comments off: replies always 0; nearly every other channel gets some', () => {
    const others = pairs.filter(({ profile }) => !profile.commentsOff);
    for (const { channel, profile } of pairs) {
      if (profile.commentsOff) expect(sum(channel.posts, (p) => p.replies), channel.id).toBe(0);
    }
    const withReplies = others.filter(({ channel }) => sum(channel.posts, (p) => p.replies) > 0);
    expect(withReplies.length / others.length).toBeGreaterThan(0.9);
  });

  it('forward-heavy news: forwards are 30-70 % of engagement, no replies, no media; elsewhere forwards are a minority', () => {
    const forwardShare = (c: ChannelRecord) => sum(c.posts, (p) => p.forwards ?? 0) / sum(c.posts, interactions);
    const heavy = pairs.filter(({ profile }) => profile.forwardHeavyNews);
    expect(heavy.length).toBeGreaterThanOrEqual(10);
    for (const { channel } of heavy) {
      expect(forwardShare(channel), channel.id).toBeGreaterThanOrEqual(0.3);
      expect(forwardShare(channel), channel.id).toBeLessThanOrEqual(0.7);
      expect(channel.posts.every((p) => !p.hasMedia && p.replies === 0), channel.id).toBe(true);
    }
    const ordinary = pairs.filter(({ profile }) => !profile.forwardHeavyNews && !profile.forwardsUnknown);
    expect(median(ordinary.map(({ channel }) => forwardShare(channel)))).toBeLessThan(0.25);
  });

  it('albums: 2-10 media posts at most 10 s apart with consecutive ids, text on one item at most, not always the first', () => {
    let albums = 0;
    for (const { channel, profile } of pairs) {
      const found = albumsOf(channel);
      if (profile.albumShare === 0) expect(found, channel.id).toEqual([]);
      for (const album of found) {
        albums += 1;
        expect(album.length).toBeLessThanOrEqual(10);
        expect(seconds(album.at(-1)!) - seconds(album[0]!)).toBeLessThanOrEqual(10);
        expect(album.every((p, i) => p.hasMedia && (i === 0 || Number(p.id) === Number(album[i - 1]!.id) + 1))).toBe(true);
        expect(album.filter((p) => p.text !== '').length).toBeLessThanOrEqual(1);
      }
    }
    expect(albums).toBeGreaterThan(1000);
    // Some albums are captioned, some are not; a caption is on the first item more often than not, but not always.
    const all = pairs.flatMap(({ channel }) => albumsOf(channel));
    const captioned = all.filter((a) => a.some((p) => p.text !== '')).length;
    const captionFirst = all.filter((a) => a[0]!.text !== '').length;
    expect(captioned / albums).toBeGreaterThan(0.4);
    expect(captioned / albums).toBeLessThan(0.95);
    expect(captionFirst / captioned).toBeGreaterThan(0.5);
    expect(captionFirst / captioned).toBeLessThan(0.75);
  });

  it('personal: mostly media-only album items, whose median rate is at most a fifth of the text posts', () => {
    const personal = pairs.filter(({ profile }) => profile.personal);
    expect(personal.length).toBeGreaterThanOrEqual(20);
    for (const { channel } of personal) {
      const items = albumsOf(channel).flatMap((album) => album.filter((p) => p.text === ''));
      const texts = channel.posts.filter((p) => p.text !== '');
      expect(items.length / channel.posts.length, channel.id).toBeGreaterThan(0.4);
      if (texts.length < 10) continue;
      const textRate = median(texts.map(engagementRate));
      expect(textRate, channel.id).toBeGreaterThan(0);
      expect(median(items.map(engagementRate)), channel.id).toBeLessThanOrEqual(textRate / 5);
    }
    // Like dona134: a few hundred views a post, text posts engaging a few per cent.
    expect(median(personal.map(({ channel }) => median(channel.posts.map((p) => p.views))))).toBeLessThan(1500);
    const textRates = personal.map(({ channel }) => median(channel.posts.filter((p) => p.text !== '').map(engagementRate)));
    expect(median(textRates)).toBeGreaterThan(0.03);
    expect(median(textRates)).toBeLessThan(0.09);
  });

  it('engagement levels: channel median rates span below 0.3 % to above 12 %, means stay within about 0.1-25 %', () => {
    const medians = channels.map((c) => median(c.posts.map(engagementRate)));
    expect(medians.filter((r) => r < 0.003).length).toBeGreaterThanOrEqual(3);
    expect(medians.filter((r) => r > 0.12).length).toBeGreaterThanOrEqual(3);
    const means = channels.map((c) => sum(c.posts, engagementRate) / c.posts.length);
    expect(Math.min(...means)).toBeGreaterThan(0.0005);
    expect(Math.max(...means)).toBeLessThan(0.3);
    // Poisson noise dominates some channels: a typical post of theirs gets one or two interactions.
    expect(channels.filter((c) => median(c.posts.map(interactions)) <= 2).length).toBeGreaterThanOrEqual(5);
  });
});

describe('simulator regimes: drift', () => {
  const start = Date.parse('2024-12-31T00:00:00Z') - (options.days - 1) * DAY_MS;
  const window = (c: ChannelRecord, fromDay: number, toDay: number) =>
    c.posts.filter((p) => {
      const t = Date.parse(p.postedAt);
      return t >= start + fromDay * DAY_MS && t < start + toDay * DAY_MS;
    });

  it('moves many channels’ engagement level between the first and the last 60 days beyond sampling noise', () => {
    // Only channels with enough interactions per post that Poisson noise cannot move a median by 35 %.
    const measurable = channels.filter((c) => median(c.posts.map(interactions)) >= 20);
    const shifted = measurable.filter((c) => {
      const early = window(c, 0, 60).map(engagementRate);
      const late = window(c, options.days - 60, options.days).map(engagementRate);
      return early.length >= 30 && late.length >= 30 && Math.abs(Math.log(median(late) / median(early))) > 0.3;
    });
    expect(measurable.length).toBeGreaterThan(100);
    expect(shifted.length / measurable.length).toBeGreaterThan(0.2);
  });

  it('changes many channels’ posting frequency by more than ×1.5 between the first and the last 60 days', () => {
    const eventsIn = (c: ChannelRecord, from: number, to: number) =>
      postingEvents({ ...c, posts: window(c, from, to) }).length;
    const busy = channels.filter((c) => postingEvents(c).length >= options.days);
    const changed = busy.filter((c) => {
      const early = Math.max(1, eventsIn(c, 0, 60));
      const late = Math.max(1, eventsIn(c, options.days - 60, options.days));
      return Math.abs(Math.log(late / early)) > Math.log(1.5);
    });
    expect(busy.length).toBeGreaterThan(100);
    expect(changed.length / busy.length).toBeGreaterThan(0.2);
  });
});
