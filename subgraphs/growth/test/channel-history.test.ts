import { describe, expect, it } from 'vitest';
import { channelHistory, dailyActivity } from '../src/domain/channel-history.js';
import { countsFromGains } from './series-fixtures.js';

const at = (iso: string, engagementRate = 0.1) => ({ postedAt: new Date(iso), engagementRate });

describe("a channel's history for one question", () => {
  const counts = countsFromGains(100, new Array(99).fill(1)); // 2024-01-01 … 2024-04-09

  it('keeps the counts of the last `days` days up to the latest count', () => {
    const { counts: kept } = channelHistory({ counts, recentPosts: [], postCount: 0 }, 10);
    expect(kept.map((c) => c.date)).toEqual(counts.slice(-10).map((c) => c.date));
    expect(channelHistory({ counts: [], recentPosts: [], postCount: 0 }, 10)).toEqual({ counts: [], activity: [] });
  });

  it('gives the activity of the days its newest posts cover in full, and of every day when they are all its posts', () => {
    const posts = [at('2024-04-09T10:00:00Z', 0.2), at('2024-04-09T18:00:00Z', 0.4), at('2024-04-07T09:00:00Z')];
    // The window of the newest posts starts on 7 April: that day may have older posts, so it is not known.
    expect(channelHistory({ counts, recentPosts: posts, postCount: 50 }, 5).activity).toEqual([
      { date: '2024-04-08', posts: 0, engagementRate: null },
      { date: '2024-04-09', posts: 2, engagementRate: expect.closeTo(0.3, 10) },
    ]);
    // Every post at hand: every day of the stretch is known.
    expect(channelHistory({ counts, recentPosts: posts, postCount: 3 }, 5).activity!.map((a) => [a.date, a.posts])).toEqual([
      ['2024-04-05', 0],
      ['2024-04-06', 0],
      ['2024-04-07', 1],
      ['2024-04-08', 0],
      ['2024-04-09', 2],
    ]);
  });

  it('knows nothing of activity when the channel has posts and none is at hand, and nothing beyond the last count', () => {
    expect(dailyActivity([], false, '2024-01-01', '2024-01-05')).toEqual([]);
    expect(dailyActivity([at('2024-01-09T00:00:00Z')], true, '2024-01-01', '2024-01-02').map((a) => a.posts)).toEqual([0, 0]);
  });
});
