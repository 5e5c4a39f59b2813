import { describe, expect, it } from 'vitest';
import { addDays } from '@telepulse/models/growth/series';
import { channelHistory } from '../src/domain/channel-history.js';
import { countsFromGains } from './series-fixtures.js';

const at = (day: string, engagementRate = 0.1, views = 100) => ({ postedAt: new Date(`${day}T12:00:00Z`), views, engagementRate });

describe("a channel's history for one question", () => {
  const counts = countsFromGains(100, new Array(99).fill(1)); // 2024-01-01 … 2024-04-09
  const last = '2024-04-09';

  it('keeps the counts of the last `days` days up to the latest count', () => {
    const { counts: kept } = channelHistory({ counts, recentPosts: [], postCount: 0 }, 10);
    expect(kept.map((c) => c.date)).toEqual(counts.slice(-10).map((c) => c.date));
    expect(channelHistory({ counts: [], recentPosts: [], postCount: 0 }, 10)).toEqual({ counts: [] });
  });

  it("gives the activity from the channel's first post when the posts at hand are all it has", () => {
    // A post without views has a rate of 0 that says nothing: it counts as a post, not in the rate.
    const posts = [at(last, 0.2), at(last, 0.4), at(last, 0, 0), at('2024-04-06')];
    const { activity } = channelHistory({ counts, recentPosts: posts, postCount: 4 }, 10, 7);
    expect(activity).toEqual([
      { date: '2024-04-06', posts: 1, engagementRate: 0.1 },
      { date: '2024-04-07', posts: 0, engagementRate: null },
      { date: '2024-04-08', posts: 0, engagementRate: null },
      { date: last, posts: 3, engagementRate: expect.closeTo(0.3, 10) },
    ]);
  });

  it('gives the activity of the days the newest posts cover in full, when they reach back beyond the window', () => {
    // The newest posts reach back to 1 April: that day may have older posts, so the known days start on the 2nd.
    const posts = [at(last), at('2024-04-05'), at('2024-04-01')];
    const { activity } = channelHistory({ counts, recentPosts: posts, postCount: 500 }, 10, 7);
    expect(activity!.map((a) => [a.date, a.posts])).toEqual(Array.from({ length: 8 }, (_, i) => [addDays('2024-04-02', i), [3, 7].includes(i) ? 1 : 0]));
  });

  it('gives no activity when the newest posts cover only the last days of the window, or no post is at hand', () => {
    const posts = [at(last), at('2024-04-05')];
    expect(channelHistory({ counts, recentPosts: posts, postCount: 500 }, 10, 7)).not.toHaveProperty('activity');
    expect(channelHistory({ counts, recentPosts: [], postCount: 0 }, 10, 7)).not.toHaveProperty('activity');
  });
});
