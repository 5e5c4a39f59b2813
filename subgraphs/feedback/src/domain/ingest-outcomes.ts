/**
 * Feedback by ingest: a served engagement prediction names its channel and when the post was
 * (to be) published; once a post published at that instant is ingested and old enough for its
 * counts to have settled, its observed engagement rate is the prediction's outcome. Plain data.
 */
import type { FeedbackItem } from './feedback-input.js';
import type { ServedPredictionView } from './served-prediction.js';

/** What an ingested post tells about its engagement. */
export interface IngestedPost {
  postedAt: Date;
  views: number;
  forwards: number | null;
  replies: number;
  reactions: number;
}

/** (forwards + replies + reactions) / views, forwards counting 0 when unknown (as the channels subgraph's Post.engagementRate); null without views. */
export function engagementRateOf(post: IngestedPost): number | null {
  if (!(post.views > 0)) return null;
  return ((post.forwards ?? 0) + post.replies + post.reactions) / post.views;
}

/** The predictions whose post should be published and settled by `now`, and that have no feedback yet. */
export function duePredictions(predictions: readonly ServedPredictionView[], hasFeedback: ReadonlySet<string>, now: Date, minAgeMs: number): (ServedPredictionView & { postedAt: Date })[] {
  return predictions.filter((p): p is ServedPredictionView & { postedAt: Date } => p.postedAt !== null && p.postedAt.getTime() <= now.getTime() - minAgeMs && !hasFeedback.has(p.id));
}

/**
 * Feedback items for the predictions whose post is found (`posts`: the latest post of the
 * channel at or before the prediction's postedAt, by prediction id): only a post published at
 * exactly that instant is the predicted one, and only a rate the API accepts (0..1) is recorded:
 * a post with more reactions than views is a counting error, not an outcome.
 */
export function ingestItems(due: readonly (ServedPredictionView & { postedAt: Date })[], posts: ReadonlyMap<string, IngestedPost | null>): FeedbackItem[] {
  return due.flatMap((prediction) => {
    const post = posts.get(prediction.id);
    if (!post || post.postedAt.getTime() !== prediction.postedAt.getTime()) return [];
    const rate = engagementRateOf(post);
    if (rate === null || !(rate >= 0 && rate <= 1)) return [];
    return [{ predictionId: prediction.id, outcome: { engagementRate: rate }, path: `ingest[${prediction.id}]` }];
  });
}
