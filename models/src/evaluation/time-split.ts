/**
 * The one cut between what a model may learn from and what it is judged on: each channel's
 * early posts (and days) train, its later ones are held out. Training (`pnpm train --file`) and
 * evaluation (`pnpm eval`) both cut here, so evaluation never judges a post training saw.
 */
import type { ChannelRecord } from '@telepulse/dataset';
import { EvaluationOptionError } from './evaluation-errors.js';

/** Share of each channel's posts (and days) held out for evaluation by default. */
export const DEFAULT_HELD_OUT_SHARE = 0.2;

export interface SplitOptions {
  /** Share of the channel's posts, and of its days of subscriber counts, held out: in [0, 1]. */
  heldOutShare?: number;
}

export interface ChannelSplit {
  /** The channel cut to its posts before the cut, and its subscriber counts before the cut's day. */
  early: ChannelRecord;
  /** Index of the first held-out post in `channel.posts`. */
  heldOutFrom: number;
  /** Index of the first held-out day in `channel.subscriberCounts`. */
  heldOutDayFrom: number;
}

/** Cuts a channel at floor(n × (1 − share)) of its posts and, separately, of its days. Pure. */
export function splitChannel(channel: ChannelRecord, options: SplitOptions = {}): ChannelSplit {
  const share = heldOutShareOf(options.heldOutShare);
  const heldOutFrom = cutIndex(channel.posts.length, share);
  const heldOutDayFrom = cutIndex(channel.subscriberCounts.length, share);
  return {
    early: { ...channel, posts: channel.posts.slice(0, heldOutFrom), subscriberCounts: channel.subscriberCounts.slice(0, heldOutDayFrom) },
    heldOutFrom,
    heldOutDayFrom,
  };
}

/** The held-out share, validated: the default when absent; a number in [0, 1] or an EvaluationOptionError. */
export function heldOutShareOf(share: number | undefined): number {
  if (share === undefined) return DEFAULT_HELD_OUT_SHARE;
  if (!(share >= 0 && share <= 1)) throw new EvaluationOptionError('heldOutShare', share, 'a share in [0, 1]');
  return share;
}

// The epsilon keeps floating error from moving a cut that lands on a whole number: in doubles
// 10 × (1 − 0.9) is 0.999…, and its floor would hold out every post.
const cutIndex = (n: number, share: number) => Math.floor(n * (1 - share) + 1e-9);
