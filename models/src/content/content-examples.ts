/**
 * What the content models learn from and are judged on: one example per post with text, its
 * engagement relative to its channel and whether it led its channel. Shared by both content
 * trainers and the content evaluation, so they agree on the targets.
 *
 * A channel's level and deciles come from the posts given, and only from those: pass a training
 * cut and the targets know nothing of later posts, pass a held-out cut and they are judged
 * within it. They come from the channel's posts with text (media-only posts, most of a photo
 * diary such as dona134, engage a trickle and say nothing about a text), and a channel with
 * fewer than MIN_CHANNEL_EXAMPLES such posts gives no examples: its median and top decile would
 * be one or two posts.
 *
 *   relativeEngagement  ln((rate + 1e-4) / (the channel's median rate + 1e-4)), the rate being
 *                       (forwards + replies + reactions) / views, unknown forwards counted 0.
 *   viral               (forwards + reactions) / views above 0 whose mid-rank in its channel
 *                       (average rank − ½, tied posts sharing it) is in the top tenth: a tenth
 *                       of a channel's posts when none tie, and posts that tie all fall on the
 *                       same side (a channel whose posts all score alike has none). Replies do
 *                       not count: a post that spreads is passed on or reacted to.
 */
import { engagementRate, Random, simulateChannels, type ChannelRecord, type PostRecord } from '@telepulse/dataset';
import { median } from '../engagement/confidence.js';
import { averageRanks } from '../evaluation/metrics.js';
import { splitChannel, type SplitOptions } from '../evaluation/time-split.js';
import { splitChannels } from '../training/channel-split.js';

export interface ContentExample {
  channelId: string;
  postId: string;
  text: string;
  postedAt: Date;
  hasMedia: boolean;
  views: number;
  /** ln((rate + 1e-4) / (channel median rate + 1e-4)). */
  relativeEngagement: number;
  /** (forwards ?? 0) + reactions per view in the top decile of its channel's posts (by mid-rank, see the header). */
  viral: boolean;
}

/** Posts with text a channel needs for a level and a top decile. */
export const MIN_CHANNEL_EXAMPLES = 10;
/** Share of a channel's posts (by mid-rank) that are viral. */
export const VIRAL_SHARE = 0.1;
/** Keeps a rate of 0 finite in the log ratio. */
export const RATE_FLOOR = 1e-4;

/** Whether a post has text a content model can read: present and not only whitespace. */
export const hasText = (post: Pick<PostRecord, 'text'>): boolean => post.text !== null && post.text.trim() !== '';

/** (forwards + reactions) per view: what spreads a post. */
export const spreadRate = (post: Pick<PostRecord, 'views' | 'forwards' | 'reactions'>): number => ((post.forwards ?? 0) + post.reactions) / post.views;

/** One example per post with text and views > 0, channel by channel in post order (see the header). Pure. */
export function buildContentExamples(channels: readonly ChannelRecord[]): ContentExample[] {
  return channels.flatMap((channel) => {
    const posts = channel.posts.filter((p) => hasText(p) && p.views > 0);
    if (posts.length < MIN_CHANNEL_EXAMPLES) return [];
    const rates = posts.map(engagementRate);
    const level = median(rates);
    const spread = posts.map(spreadRate);
    const ranks = averageRanks(spread);
    return posts.map((post, i) => ({
      channelId: channel.id,
      postId: post.id,
      text: post.text!,
      postedAt: new Date(post.postedAt),
      hasMedia: post.hasMedia,
      views: post.views,
      relativeEngagement: Math.log((rates[i]! + RATE_FLOOR) / (level + RATE_FLOOR)),
      viral: spread[i]! > 0 && (ranks[i]! - 0.5) / posts.length >= 1 - VIRAL_SHARE,
    }));
  });
}

/** Examples of each channel's early part, cut as training and evaluation cut it (evaluation/time-split.ts). */
export function earlyContentExamples(channels: readonly ChannelRecord[], options: SplitOptions = {}): ContentExample[] {
  return buildContentExamples(channels.map((channel) => splitChannel(channel, options).early));
}

/** Examples of each channel's held-out later part, levels and deciles within it. */
export function laterContentExamples(channels: readonly ChannelRecord[], options: SplitOptions = {}): ContentExample[] {
  return buildContentExamples(
    channels.map((channel) => ({ ...channel, posts: channel.posts.slice(splitChannel(channel, options).heldOutFrom), subscriberCounts: [] })),
  );
}

export interface ContentDataConfig {
  /** Seed of the split by channel. */
  seed: number;
  simulator: { seed: number; channels: number; days: number; endDate: string };
  /** Simulated channels held out for calibration and for the final test; the rest train. */
  split: { calibration: number; test: number };
}

export interface ContentDatasets {
  train: ContentExample[];
  calibration: ContentExample[];
  test: ContentExample[];
  /** Channel counts per split (simulated; `files` the extra training channels given). */
  split: { train: number; calibration: number; test: number; files: number };
}

/**
 * The simulated data behind the content models, split by channel (test channels are never seen
 * in training or calibration), plus examples of `extraTraining` in train: file channels' early
 * parts, as `pnpm train --file` hands a trainer (earlyContentExamples when they are whole).
 * Deterministic for a config.
 */
export function contentDatasets(config: ContentDataConfig, extraTraining: readonly ChannelRecord[] = []): ContentDatasets {
  const channels = simulateChannels(config.simulator);
  const { train, calibration, test } = splitChannels(channels, new Random(config.seed), config.split);
  return {
    train: [...buildContentExamples(train), ...buildContentExamples(extraTraining)],
    calibration: buildContentExamples(calibration),
    test: buildContentExamples(test),
    split: { train: train.length, calibration: calibration.length, test: test.length, files: extraTraining.length },
  };
}
