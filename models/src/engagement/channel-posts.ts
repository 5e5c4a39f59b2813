/**
 * A channel's stored posts as the engagement model reads them: its history, and a published
 * post as the candidate it was before publishing. Shared by training and evaluation, so both ask
 * the model the same question ("this post, not yet posted, at its time").
 */
import type { ChannelRecord } from '@telepulse/dataset';
import { isoWeekday, type CandidatePost, type HistoryPost } from './features.js';

/** The interchange format's posts as model history, oldest first. */
export function historyOf(channel: ChannelRecord): HistoryPost[] {
  return channel.posts
    .map((p) => ({ ...p, postedAt: new Date(p.postedAt) }))
    .sort((a, b) => a.postedAt.getTime() - b.postedAt.getTime());
}

/** A published post as the candidate it was before publishing: what it is, when (unless `timed` is false: hour and weekday only), no counts yet. */
export function asCandidate(post: HistoryPost, timed = true): CandidatePost {
  return {
    hourOfDay: post.postedAt.getUTCHours(),
    dayOfWeek: isoWeekday(post.postedAt),
    contentLength: post.textLength,
    hasMedia: post.hasMedia,
    ...(timed ? { postedAt: post.postedAt } : {}),
  };
}
