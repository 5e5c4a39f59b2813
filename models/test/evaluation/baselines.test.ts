import { describe, expect, it } from 'vitest';
import { engagementBaselines, expandingMedians, rollingMedians } from '../../src/evaluation/baselines.js';
import { handMadeChannel } from './channel-fixtures.js';

// 100 views each, so the rates are reactions / 100: 0.02, 0.06, 0.04, 0.10, 0.00, 0.08.
const rates = [0.02, 0.06, 0.04, 0.1, 0, 0.08];

describe('baselines', () => {
  it('channel median: the median of every earlier rate', () => {
    expect(expandingMedians(rates, 1)).toEqual([
      0.02, // [0.02]
      0.04, // [0.02, 0.06] → (0.02 + 0.06) / 2
      0.04, // [0.02, 0.04, 0.06]
      0.05, // [0.02, 0.04, 0.06, 0.10] → (0.04 + 0.06) / 2
      0.04, // [0, 0.02, 0.04, 0.06, 0.10]
    ].map((v) => expect.closeTo(v, 12)));
    expect(expandingMedians(rates, 0)[0]).toBe(0); // nothing before the first post
  });

  it('rolling median: the median of the previous `window` rates only', () => {
    expect(rollingMedians(rates, 2, 2)).toEqual([
      0.04, // [0.02, 0.06]
      0.05, // [0.06, 0.04]
      0.07, // [0.04, 0.10]
      0.05, // [0.10, 0]
    ].map((v) => expect.closeTo(v, 12)));
  });

  it('engagement baselines from a channel: the channel median and the median of the last 16 posts, for posts from the cut', () => {
    // Post k has k reactions on 100 views (rate k / 100), except post 3: 9 reactions on 300 views, replies and unknown forwards.
    const channel = handMadeChannel(Array.from({ length: 20 }, (_, k) => k));
    channel.posts[3] = { ...channel.posts[3]!, views: 300, replies: 3, reactions: 6 }; // (3 + 6) / 300 = 0.03, as before
    const { 'channel median': channelMedian, 'rolling-16': rolling } = engagementBaselines(channel, 18);
    // Post 18: median of rates 0..17 = (8 + 9) / 2 / 100; last 16 = rates 2..17 → (9 + 10) / 2 / 100.
    // Post 19: median of 0..18 = 9 / 100; last 16 = 3..18 → (10 + 11) / 2 / 100.
    expect(channelMedian).toEqual([expect.closeTo(0.085, 12), expect.closeTo(0.09, 12)]);
    expect(rolling).toEqual([expect.closeTo(0.095, 12), expect.closeTo(0.105, 12)]);
  });
});
