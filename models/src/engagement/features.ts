/**
 * The engagement model's input contract: 8 features per post, scaled into roughly [0, 1]. The
 * table below is the one definition of each feature: the trainer and the serving pipeline build
 * inputs from it, and the engagement subgraph's validation reads its ranges and saturation.
 */

/** Past posts of the channel the model reads before the candidate (its input has HISTORY_POSTS + 1 steps). */
export const HISTORY_POSTS = 16;

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

/** How a raw value becomes its model input, and back. */
export interface Scaling {
  /** The formula, for people: `log1p(x) / 10`. */
  readonly formula: string;
  apply(raw: number): number;
  /** The raw value that scales to `scaled` (for a saturating scaling: within its range). */
  invert(scaled: number): number;
  /** The raw value above which the input stops changing; Infinity when it never does. */
  readonly saturatesAt: number;
}

const log1pOver = (divisor: number): Scaling => ({
  formula: `log1p(x) / ${divisor}`,
  apply: (raw) => Math.log1p(raw) / divisor,
  invert: (scaled) => Math.expm1(scaled * divisor),
  saturatesAt: Number.POSITIVE_INFINITY,
});

const over = (divisor: number): Scaling => ({
  formula: `x / ${divisor}`,
  apply: (raw) => raw / divisor,
  invert: (scaled) => scaled * divisor,
  saturatesAt: Number.POSITIVE_INFINITY,
});

const cappedOver = (divisor: number): Scaling => ({
  formula: `min(x / ${divisor}, 1)`,
  apply: (raw) => Math.min(raw / divisor, 1),
  invert: (scaled) => scaled * divisor,
  saturatesAt: divisor,
});

const flag: Scaling = { formula: '0 or 1', apply: (raw) => (raw ? 1 : 0), invert: (scaled) => scaled, saturatesAt: 1 };

/** A candidate post's field that feeds a feature. */
export type CandidateField = keyof CandidatePost;

export interface PostFeature {
  /** Its column name in metadata, drift statistics and the input's last axis. */
  readonly name: string;
  /** Where a candidate post carries the raw value (a history post's is derived: see historyFeatures). */
  readonly field: CandidateField;
  /** Valid raw values: whole numbers in [min, max]; absent for the media flag. */
  readonly range?: { readonly min: number; readonly max?: number };
  readonly scaling: Scaling;
}

/** The 8 features of a post, in input column order. Counts are log-scaled (unknown counts are 0). */
export const POST_FEATURES = [
  { name: 'views', field: 'views', range: { min: 0 }, scaling: log1pOver(10) },
  { name: 'forwards', field: 'forwards', range: { min: 0 }, scaling: log1pOver(5) },
  { name: 'replies', field: 'replies', range: { min: 0 }, scaling: log1pOver(3) },
  { name: 'reactions', field: 'reactions', range: { min: 0 }, scaling: log1pOver(8) },
  { name: 'hour_of_day', field: 'hourOfDay', range: { min: 0, max: 23 }, scaling: over(24) },
  { name: 'day_of_week', field: 'dayOfWeek', range: { min: 0, max: 6 }, scaling: over(7) },
  { name: 'content_length', field: 'contentLength', range: { min: 0 }, scaling: cappedOver(1000) },
  { name: 'has_media', field: 'hasMedia', scaling: flag },
] as const satisfies readonly PostFeature[];

export type PostFeatureName = (typeof POST_FEATURES)[number]['name'];

export const POST_FEATURE_NAMES: readonly PostFeatureName[] = POST_FEATURES.map((f) => f.name);

export const FEATURES_PER_POST = POST_FEATURES.length;

/** The definition of the feature fed by a candidate's `field`. */
export function featureFor(field: CandidateField): PostFeature {
  const feature = POST_FEATURES.find((f) => f.field === field);
  if (!feature) throw new RangeError(`no engagement feature reads the candidate field ${field}`);
  return feature;
}

/** 0 = Monday .. 6 = Sunday, in UTC. */
export function isoWeekday(date: Date): number {
  return (date.getUTCDay() + 6) % 7;
}

/** A post's raw values, as a candidate carries them; unknown counts are 0. */
export type PostValues = { [K in CandidateField]-?: Exclude<CandidatePost[K], undefined> };

/** One post's features, in POST_FEATURES order. */
export function postFeatures(post: PostValues): number[] {
  return POST_FEATURES.map((f) => f.scaling.apply(Number(post[f.field] ?? 0)));
}

export function historyFeatures(post: HistoryPost): number[] {
  return postFeatures({
    ...post,
    hourOfDay: post.postedAt.getUTCHours(),
    dayOfWeek: isoWeekday(post.postedAt),
    contentLength: post.textLength,
  });
}

export function candidateFeatures(candidate: CandidatePost): number[] {
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
 * The model input for one prediction, `[historyPosts + 1, 8]` row-major: the last `historyPosts`
 * posts, oldest first, then the candidate. A channel with fewer posts is left-padded with zero
 * rows. `history` may be in any order and longer than `historyPosts`.
 */
export function buildEngagementInput(history: readonly HistoryPost[], candidate: CandidatePost, historyPosts = HISTORY_POSTS): Float32Array {
  const input = new Float32Array((historyPosts + 1) * FEATURES_PER_POST);
  const recent = latestOldestFirst(history, historyPosts);
  const offset = historyPosts - recent.length;
  recent.forEach((post, i) => input.set(historyFeatures(post), (offset + i) * FEATURES_PER_POST));
  input.set(candidateFeatures(candidate), historyPosts * FEATURES_PER_POST);
  return input;
}

/** The `count` most recent posts, oldest first. */
export function latestOldestFirst<T extends { postedAt: Date }>(posts: readonly T[], count: number): T[] {
  return [...posts].sort((a, b) => a.postedAt.getTime() - b.postedAt.getTime()).slice(-count);
}
