/**
 * The engagement model's input contract: 8 features per post, log-scaled into roughly [0, 1].
 * The trainer and the serving path both build inputs here, so they cannot drift apart.
 */

export const ENGAGEMENT_FEATURES = [
  'views',
  'forwards',
  'replies',
  'reactions',
  'hour_of_day',
  'day_of_week',
  'content_length',
  'has_media',
] as const;

export const FEATURES_PER_POST = ENGAGEMENT_FEATURES.length;

/** Past posts the model reads before the candidate (the input has WINDOW + 1 steps). */
export const DEFAULT_WINDOW = 16;

/** A published post, as far as the model is concerned. */
export interface HistoryPost {
  postedAt: Date;
  views: number;
  /** Unknown forwards count as 0, as in the engagement rate. */
  forwards: number | null;
  replies: number;
  reactions: number;
  textLength: number;
  hasMedia: boolean;
}

/** The post to predict. Early counts only when it is already live. */
export interface CandidatePost {
  hourOfDay: number;
  /** 0 = Monday .. 6 = Sunday. */
  dayOfWeek: number;
  contentLength: number;
  hasMedia: boolean;
  views?: number | null;
  forwards?: number | null;
  replies?: number | null;
  reactions?: number | null;
}

/** 0 = Monday .. 6 = Sunday, in UTC. */
export function isoWeekday(date: Date): number {
  return (date.getUTCDay() + 6) % 7;
}

/** One post's 8 features: counts log1p-scaled (views /10, forwards /5, replies /3, reactions /8), hour/24, weekday/7, min(length/1000, 1), media 0/1. */
export function postFeatures(post: {
  views: number;
  forwards: number | null;
  replies: number;
  reactions: number;
  hourOfDay: number;
  dayOfWeek: number;
  contentLength: number;
  hasMedia: boolean;
}): [number, number, number, number, number, number, number, number] {
  return [
    Math.log1p(post.views) / 10,
    Math.log1p(post.forwards ?? 0) / 5,
    Math.log1p(post.replies) / 3,
    Math.log1p(post.reactions) / 8,
    post.hourOfDay / 24,
    post.dayOfWeek / 7,
    Math.min(post.contentLength / 1000, 1),
    post.hasMedia ? 1 : 0,
  ];
}

export function historyFeatures(post: HistoryPost) {
  return postFeatures({
    ...post,
    hourOfDay: post.postedAt.getUTCHours(),
    dayOfWeek: isoWeekday(post.postedAt),
    contentLength: post.textLength,
  });
}

export function candidateFeatures(candidate: CandidatePost) {
  return postFeatures({
    views: candidate.views ?? 0,
    forwards: candidate.forwards ?? 0,
    replies: candidate.replies ?? 0,
    reactions: candidate.reactions ?? 0,
    hourOfDay: candidate.hourOfDay,
    dayOfWeek: candidate.dayOfWeek,
    contentLength: candidate.contentLength,
    hasMedia: candidate.hasMedia,
  });
}

/**
 * The model input for one prediction, `[window + 1, 8]` row-major: the last `window` posts,
 * oldest first, then the candidate. A channel with fewer posts is left-padded with zero rows.
 * `history` may be in any order and longer than the window.
 */
export function buildEngagementInput(history: readonly HistoryPost[], candidate: CandidatePost, window = DEFAULT_WINDOW): Float32Array {
  const input = new Float32Array((window + 1) * FEATURES_PER_POST);
  const recent = latestOldestFirst(history, window);
  const offset = window - recent.length;
  recent.forEach((post, i) => input.set(historyFeatures(post), (offset + i) * FEATURES_PER_POST));
  input.set(candidateFeatures(candidate), window * FEATURES_PER_POST);
  return input;
}

/** The `window` most recent posts, oldest first. */
export function latestOldestFirst<T extends { postedAt: Date }>(posts: readonly T[], window: number): T[] {
  return [...posts].sort((a, b) => a.postedAt.getTime() - b.postedAt.getTime()).slice(-window);
}
