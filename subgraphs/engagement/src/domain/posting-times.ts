/**
 * When to post: the engagement the model expects of one candidate post (the channel's typical,
 * unless the caller gives its length and media) at every hour of every weekday, UTC. What-ifs,
 * not posts anyone will publish at all 168 slots, so nothing is stored: stored, they would join
 * the served predictions drift compares with the training inputs, 168 evenly spread hours and
 * weekdays at a time, and move those features' distributions by themselves.
 */
import type { HistoryPost } from '@telepulse/models/engagement/features';
import { PreconditionError } from '@telepulse/platform';
import { assertEngagementFeatures } from './feature-checks.js';
import type { EngagementPredictor } from './predict.js';
import { typicalNextPost } from './typical-post.js';

export const WEEKDAYS = 7;
export const HOURS = 24;

export interface PostingTimeCell {
  /** 0 = Monday .. 6 = Sunday (UTC), as EngagementFeaturesInput. */
  dayOfWeek: number;
  /** 0..23 (UTC). */
  hourOfDay: number;
  predictedEngagement: number;
  confidence: number;
}

export interface PostingTimes {
  channelId: string;
  contentLength: number;
  hasMedia: boolean;
  /** The rolling-16 median of the channel's posts: the naive forecast, the same for every cell. */
  baseline: number;
  historyLength: number;
  modelName: string;
  modelVersion: string;
  /** WEEKDAYS × HOURS cells, Monday 00:00 first, hour by hour. */
  cells: PostingTimeCell[];
}

/** The candidate's shape where the caller leaves it open: null takes the channel's typical. */
export interface PostingTimesCandidate {
  contentLength?: number | null;
  hasMedia?: boolean | null;
}

/**
 * Predicts the candidate at each of the 168 UTC hours of the week from the channel's recent
 * posts, without a publication time (the gap to the previous post would otherwise differ from
 * slot to slot and speak louder than the hour), all submitted together so the model's batcher
 * runs them in as few runs as its maximum batch size allows. BAD_USER_INPUT naming
 * `contentLength` when it is not a whole number >= 0; FAILED_PRECONDITION without posts.
 */
export async function predictPostingTimes(predictor: EngagementPredictor, channelId: string, history: readonly HistoryPost[], candidate: PostingTimesCandidate, now: Date): Promise<PostingTimes> {
  // A given length is checked as a prediction's would be (named as this field's own argument), before anything else.
  if (candidate.contentLength != null) assertEngagementFeatures({ hourOfDay: 0, dayOfWeek: 0, contentLength: candidate.contentLength, hasMedia: false }, '');
  if (history.length === 0) throw new PreconditionError(`channel "${channelId}" has no posts yet: ingest some before asking when to post`, { channelId });
  const typical = typicalNextPost(history, now);
  const contentLength = candidate.contentLength ?? typical.contentLength;
  const hasMedia = candidate.hasMedia ?? typical.hasMedia;
  const slots = Array.from({ length: WEEKDAYS * HOURS }, (_, i) => ({ dayOfWeek: Math.floor(i / HOURS), hourOfDay: i % HOURS }));
  const estimates = await Promise.all(slots.map((slot) => predictor.predict(history, { ...slot, contentLength, hasMedia })));
  return {
    channelId,
    contentLength,
    hasMedia,
    baseline: estimates[0]!.baseline,
    historyLength: estimates[0]!.historyUsed,
    modelName: predictor.name,
    modelVersion: predictor.version,
    cells: slots.map((slot, i) => ({ ...slot, predictedEngagement: estimates[i]!.rate, confidence: estimates[i]!.confidence })),
  };
}

/** The `count` cells of highest predicted engagement, highest first (ties: earlier in the week first). */
export function bestPostingTimes(cells: readonly PostingTimeCell[], count: number): PostingTimeCell[] {
  return cells
    .map((cell, i) => ({ cell, i }))
    .sort((a, b) => b.cell.predictedEngagement - a.cell.predictedEngagement || a.i - b.i)
    .slice(0, count)
    .map(({ cell }) => cell);
}
