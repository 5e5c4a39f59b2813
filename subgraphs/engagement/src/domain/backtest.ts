/**
 * The engagement model replayed on a channel's own recent posts: for each, what it would have
 * said just before the post went out, from the posts before it, against the rate it then got.
 * Computed when asked, nothing stored: these are not served predictions (feedback and drift read
 * those), only the model's record on posts whose outcome is already known.
 */
import { IssueCollector } from '@telepulse/platform';
import { engagementRate } from '@telepulse/dataset';
import { MIN_HISTORY_POSTS, isoWeekday, type HistoryPost } from '@telepulse/models/engagement/features';
import type { EngagementPredictor } from './predict.js';

/** A recent post as the backtest reads it: the model's history fields and the post's id. */
export interface IdentifiedPost extends HistoryPost {
  id: string;
}

/** The channel's recent posts the window holds (Channel.recentPosts: at most 32). */
export const BACKTEST_WINDOW = 32;
/** At most this many posts are replayed: each still has MIN_HISTORY_POSTS posts before it in the window, so the model (not the median fallback) is asked. */
export const BACKTEST_MAX_POSTS = BACKTEST_WINDOW - MIN_HISTORY_POSTS;

export interface BacktestedPost {
  postId: string;
  postedAt: Date;
  /** What the post got: (forwards + replies + reactions) / views. */
  observedEngagement: number;
  predictedEngagement: number;
  confidence: number;
  /** The rolling-16 median of the posts before it: the naive forecast. */
  baseline: number;
  /** Posts before it the model read. */
  historyLength: number;
}

export interface EngagementBacktest {
  channelId: string;
  modelName: string;
  modelVersion: string;
  /** Oldest first. */
  posts: BacktestedPost[];
  /** Mean |predicted − observed| over `posts`, and the baseline's; null without posts. */
  mae: number | null;
  baselineMae: number | null;
}

/** Throws BAD_USER_INPUT naming `posts` outside 1..BACKTEST_MAX_POSTS. */
export function assertBacktestSize(posts: number): void {
  const issues = new IssueCollector();
  issues.integer('posts', posts, 1, BACKTEST_MAX_POSTS);
  issues.throwIfAny();
}

/**
 * The latest `count` posts of `recent` (newest first, as Channel.recentPosts gives them) that have at least MIN_HISTORY_POSTS posts published
 * before them, each predicted from exactly those earlier posts as a candidate with its own hour,
 * weekday, length, media and time (so the gap to the post before it), without early counts: the
 * question the model answers before a post is published. All are submitted together, so the
 * model's batcher runs them as one batch (split only by its maximum batch size).
 */
export async function backtestEngagement(predictor: EngagementPredictor, channelId: string, recent: readonly IdentifiedPost[], count: number): Promise<EngagementBacktest> {
  assertBacktestSize(count);
  // Oldest first; posts of the same instant (an album's items) keep the reverse of the given newest-first order.
  const oldestFirst = [...recent].reverse().sort((a, b) => a.postedAt.getTime() - b.postedAt.getTime());
  const targets = oldestFirst
    .map((post, i) => ({ post, history: oldestFirst.slice(0, i).filter((p) => p.postedAt.getTime() < post.postedAt.getTime()) }))
    .filter(({ history }) => history.length >= MIN_HISTORY_POSTS)
    .slice(-count);
  const posts = await Promise.all(
    targets.map(async ({ post, history }): Promise<BacktestedPost> => {
      const estimate = await predictor.predict(history, {
        hourOfDay: post.postedAt.getUTCHours(),
        dayOfWeek: isoWeekday(post.postedAt),
        contentLength: post.textLength,
        hasMedia: post.hasMedia,
        postedAt: post.postedAt,
      });
      return {
        postId: post.id,
        postedAt: post.postedAt,
        observedEngagement: engagementRate(post),
        predictedEngagement: estimate.rate,
        confidence: estimate.confidence,
        baseline: estimate.baseline,
        historyLength: estimate.historyUsed,
      };
    }),
  );
  const meanError = (pick: (p: BacktestedPost) => number) => (posts.length === 0 ? null : posts.reduce((sum, p) => sum + Math.abs(pick(p) - p.observedEngagement), 0) / posts.length);
  return {
    channelId,
    modelName: predictor.name,
    modelVersion: predictor.version,
    posts,
    mae: meanError((p) => p.predictedEngagement),
    baselineMae: meanError((p) => p.baseline),
  };
}
