import { isoWeekday, type CandidatePost, type HistoryPost } from '@telepulse/models/engagement/features';

/**
 * The channel's next post as it usually posts: at its most frequent hour (UTC; ties go to the
 * most recent), on the next day that hour comes round after `now` (at the hour's start), with its median length and
 * its majority media habit. What the comprehensive query predicts when no candidate is given.
 */
export function typicalNextPost(history: readonly HistoryPost[], now: Date): CandidatePost {
  if (history.length === 0) throw new RangeError('a typical post needs at least one past post');
  const newestFirst = [...history].sort((a, b) => b.postedAt.getTime() - a.postedAt.getTime());
  const counts = new Map<number, number>();
  for (const post of newestFirst) counts.set(post.postedAt.getUTCHours(), (counts.get(post.postedAt.getUTCHours()) ?? 0) + 1);
  // Map iteration follows insertion order (newest first), so the first maximum is the most recent.
  let hour = newestFirst[0]!.postedAt.getUTCHours();
  for (const [h, c] of counts) if (c > (counts.get(hour) ?? 0)) hour = h;

  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hour));
  if (next.getTime() <= now.getTime()) next.setUTCDate(next.getUTCDate() + 1);
  const lengths = newestFirst.map((p) => p.textLength).sort((a, b) => a - b);
  return {
    hourOfDay: hour,
    dayOfWeek: isoWeekday(next),
    contentLength: lengths[lengths.length >> 1]!,
    hasMedia: newestFirst.filter((p) => p.hasMedia).length * 2 > newestFirst.length,
    postedAt: next,
  };
}
