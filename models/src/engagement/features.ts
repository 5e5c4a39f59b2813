/**
 * The engagement model's input contract, the one definition shared by training, evaluation and
 * serving (the subgraph's validation reads the candidate fields' ranges from here too).
 *
 * The model predicts a post relative to its channel, not in absolute terms: every rate in the
 * input is the log ratio to the channel's level (its mean rate over the history read), and the
 * network's output is the candidate's log ratio to that level. So it learns deviations (a media-
 * only album item, an evening post, a forward-heavy channel) that carry across channels, instead
 * of levels that differ a hundredfold between them (0.1 % to 20 %).
 *
 * Per step, INPUT_COLUMNS: the channel's last HISTORY_POSTS posts, oldest first (zero rows pad a
 * shorter history), then the candidate. "Unknown" is its own flag, never a zero that looks like
 * a value: forwards a source does not report, a candidate's rate before it is live, the gap to
 * the previous post when the candidate's time is not given.
 */

import { engagementRate } from '@telepulse/dataset';

/** Past posts of the channel the model reads before the candidate (its input has HISTORY_POSTS + 1 steps). */
export const HISTORY_POSTS = 32;

/** Fewer past posts than this and the model is not asked: the prediction is the history's median (see pipeline.ts). */
export const MIN_HISTORY_POSTS = 4;

/** Posts published this close after the previous one belong to the same album (Telegram sends an album's items together). */
export const ALBUM_GAP_SECONDS = 60;

/** A published post, as far as the model is concerned. */
export interface HistoryPost {
  postedAt: Date;
  views: number;
  /** null: the source does not report forwards (not the same as zero). */
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
  /** When it is (or will be) published; gives the gap to the previous post (an album item follows within seconds). */
  postedAt?: Date | null;
  views?: number | null;
  forwards?: number | null;
  replies?: number | null;
  reactions?: number | null;
}

/** How a raw candidate value is read, for validation and for statistics told back in raw units. */
export interface Scaling {
  /** The formula, for people: `log1p(x) / 10`. */
  readonly formula: string;
  apply(raw: number): number;
  /** The raw value that scales to `scaled` (for a saturating scaling: within its range). */
  invert(scaled: number): number;
  /** The raw value above which the input stops changing; Infinity when it never does. */
  readonly saturatesAt: number;
}

/** Telegram's limit on a message's text: longer texts do not exist, so the length saturates there. */
export const MAX_TEXT_LENGTH = 4096;

const log1pOver = (divisor: number): Scaling => ({
  formula: `log1p(x) / ${divisor}`,
  apply: (raw) => Math.log1p(raw) / divisor,
  invert: (scaled) => Math.expm1(scaled * divisor),
  saturatesAt: Number.POSITIVE_INFINITY,
});

const lengthScaling: Scaling = {
  formula: `log1p(min(x, ${MAX_TEXT_LENGTH})) / log1p(${MAX_TEXT_LENGTH})`,
  apply: (raw) => Math.log1p(Math.min(raw, MAX_TEXT_LENGTH)) / Math.log1p(MAX_TEXT_LENGTH),
  invert: (scaled) => Math.expm1(scaled * Math.log1p(MAX_TEXT_LENGTH)),
  saturatesAt: MAX_TEXT_LENGTH,
};

const over = (divisor: number): Scaling => ({
  formula: `x / ${divisor}`,
  apply: (raw) => raw / divisor,
  invert: (scaled) => scaled * divisor,
  saturatesAt: Number.POSITIVE_INFINITY,
});

/** A candidate post's field, as the API takes it. */
export type CandidateField = Exclude<keyof CandidatePost, 'postedAt'>;

export interface CandidateFieldSpec {
  /** Its name in reference statistics. */
  readonly name: string;
  readonly field: CandidateField;
  /** Valid raw values: whole numbers in [min, max]; absent for the media flag. */
  readonly range?: { readonly min: number; readonly max?: number };
  readonly scaling: Scaling;
}

/** The candidate's fields with their valid ranges. */
export const CANDIDATE_FIELDS = [
  { name: 'views', field: 'views', range: { min: 0 }, scaling: log1pOver(10) },
  { name: 'forwards', field: 'forwards', range: { min: 0 }, scaling: log1pOver(5) },
  { name: 'replies', field: 'replies', range: { min: 0 }, scaling: log1pOver(3) },
  { name: 'reactions', field: 'reactions', range: { min: 0 }, scaling: log1pOver(8) },
  { name: 'hour_of_day', field: 'hourOfDay', range: { min: 0, max: 23 }, scaling: over(24) },
  { name: 'day_of_week', field: 'dayOfWeek', range: { min: 0, max: 6 }, scaling: over(7) },
  { name: 'content_length', field: 'contentLength', range: { min: 0 }, scaling: lengthScaling },
  { name: 'has_media', field: 'hasMedia', scaling: { formula: '0 or 1', apply: (raw) => (raw ? 1 : 0), invert: (s) => s, saturatesAt: 1 } },
] as const satisfies readonly CandidateFieldSpec[];

/** The definition of a candidate field. */
export function featureFor(field: CandidateField): CandidateFieldSpec {
  const feature = CANDIDATE_FIELDS.find((f) => f.field === field);
  if (!feature) throw new RangeError(`no engagement feature reads the candidate field ${field}`);
  return feature;
}

/** The columns of one input step, in order. */
export const INPUT_COLUMNS = [
  'rate_vs_level', // log((rate + ε) / (level + ε)), clipped to ±RATIO_CLIP; 0 when unknown
  'rate_known', // 1 for a published post and for a candidate with early counts
  'views_vs_level', // log((views + 1) / (mean views + 1)), clipped; 0 for the candidate
  'forwards_share', // forwards / (forwards + replies + reactions); 0 when unknown or nothing
  'forwards_known',
  'replies_share',
  'has_text',
  'text_length', // log1p(min(length, 4096)) / log1p(4096)
  'has_media',
  'album_item', // published within ALBUM_GAP_SECONDS of the previous post
  'gap', // log1p(minutes since the previous post) / 10; 0 when unknown
  'gap_known',
  'hour_sin',
  'hour_cos',
  'weekday_sin',
  'weekday_cos',
  'is_candidate',
  'present', // 0 on padding rows
  'channel_level', // (ln(level + 1e-4) + 5) / 3: how engaged the channel is in absolute terms
  'channel_views', // log1p(mean views) / 10: how loud its counts' sampling noise is
] as const;

export type InputColumn = (typeof INPUT_COLUMNS)[number];

export const FEATURES_PER_POST = INPUT_COLUMNS.length;

const column = Object.fromEntries(INPUT_COLUMNS.map((name, i) => [name, i])) as Record<InputColumn, number>;

/** Log ratios beyond this carry no more information and would only let outliers dominate. */
export const RATIO_CLIP = 5;

/** What the rates of one input are relative to, and how a model output becomes a rate again. */
export interface ChannelLevel {
  /** Mean engagement rate of the history posts read; 0 for none. */
  rate: number;
  /** Mean views of those posts. */
  views: number;
  /** The smoothing of log ratios: 10 % of the level plus 0.01 %, so a zero rate has a finite ratio. */
  epsilon: number;
}

export function channelLevel(history: readonly HistoryPost[]): ChannelLevel {
  const n = history.length;
  const rate = n === 0 ? 0 : history.reduce((s, p) => s + engagementRate(p), 0) / n;
  const views = n === 0 ? 0 : history.reduce((s, p) => s + p.views, 0) / n;
  return { rate, views, epsilon: 0.1 * rate + 1e-4 };
}

/** The log ratio of `rate` to the level, clipped: the model's target scale. */
export function rateToRatio(rate: number, level: ChannelLevel): number {
  return clip(Math.log((rate + level.epsilon) / (level.rate + level.epsilon)), RATIO_CLIP);
}

/** The rate a log ratio stands for, in [0, 1]. */
export function ratioToRate(ratio: number, level: ChannelLevel): number {
  return Math.min(1, Math.max(0, (level.rate + level.epsilon) * Math.exp(ratio) - level.epsilon));
}

/** 0 = Monday .. 6 = Sunday, in UTC. */
export function isoWeekday(date: Date): number {
  return (date.getUTCDay() + 6) % 7;
}

/** One model input with what it is relative to. */
export interface EngagementInput {
  /** `[historyPosts + 1, FEATURES_PER_POST]` row-major. */
  input: Float32Array;
  level: ChannelLevel;
  /** The history posts read, oldest first. */
  used: HistoryPost[];
}

/**
 * The model input for one prediction: the last `historyPosts` posts of `history` (any order, any
 * length), oldest first, left-padded with zero rows, then the candidate.
 */
export function buildEngagementInput(history: readonly HistoryPost[], candidate: CandidatePost, historyPosts = HISTORY_POSTS): EngagementInput {
  const used = latestOldestFirst(history, historyPosts);
  const level = channelLevel(used);
  const input = new Float32Array((historyPosts + 1) * FEATURES_PER_POST);
  const offset = historyPosts - used.length;
  used.forEach((post, i) => {
    const row = input.subarray((offset + i) * FEATURES_PER_POST, (offset + i + 1) * FEATURES_PER_POST);
    const previous = i > 0 ? used[i - 1]!.postedAt : null;
    writeShared(row, level, {
      hasText: post.textLength > 0,
      textLength: post.textLength,
      hasMedia: post.hasMedia,
      hour: post.postedAt.getUTCHours() + post.postedAt.getUTCMinutes() / 60,
      weekday: isoWeekday(post.postedAt),
      gapSeconds: previous ? (post.postedAt.getTime() - previous.getTime()) / 1000 : null,
    });
    row[column.rate_vs_level] = rateToRatio(engagementRate(post), level);
    row[column.rate_known] = 1;
    row[column.views_vs_level] = clip(Math.log((post.views + 1) / (level.views + 1)), RATIO_CLIP);
    writeShares(row, post);
  });

  const row = input.subarray(historyPosts * FEATURES_PER_POST);
  const last = used[used.length - 1];
  const postedAt = candidate.postedAt ?? null;
  writeShared(row, level, {
    hasText: candidate.contentLength > 0,
    textLength: candidate.contentLength,
    hasMedia: candidate.hasMedia,
    hour: postedAt ? postedAt.getUTCHours() + postedAt.getUTCMinutes() / 60 : candidate.hourOfDay + 0.5,
    weekday: candidate.dayOfWeek,
    gapSeconds: postedAt && last ? Math.max(0, (postedAt.getTime() - last.postedAt.getTime()) / 1000) : null,
  });
  row[column.is_candidate] = 1;
  if (candidate.views !== undefined && candidate.views !== null) {
    // A live post's early counts: its rate so far is a strong hint of its final rate; its views are not (they are still growing).
    const early = { views: candidate.views, forwards: candidate.forwards ?? null, replies: candidate.replies ?? 0, reactions: candidate.reactions ?? 0 };
    row[column.rate_vs_level] = rateToRatio(engagementRate(early), level);
    row[column.rate_known] = 1;
    writeShares(row, early);
  }
  return { input, level, used };
}

interface SharedValues {
  hasText: boolean;
  textLength: number;
  hasMedia: boolean;
  /** Hour of the UTC day with its fraction. */
  hour: number;
  weekday: number;
  gapSeconds: number | null;
}

function writeShared(row: Float32Array, level: ChannelLevel, v: SharedValues): void {
  row[column.has_text] = v.hasText ? 1 : 0;
  row[column.text_length] = lengthScaling.apply(v.textLength);
  row[column.has_media] = v.hasMedia ? 1 : 0;
  if (v.gapSeconds !== null) {
    row[column.album_item] = v.gapSeconds <= ALBUM_GAP_SECONDS ? 1 : 0;
    row[column.gap] = Math.log1p(v.gapSeconds / 60) / 10;
    row[column.gap_known] = 1;
  }
  const hourAngle = (2 * Math.PI * v.hour) / 24;
  const dayAngle = (2 * Math.PI * v.weekday) / 7;
  row[column.hour_sin] = Math.sin(hourAngle);
  row[column.hour_cos] = Math.cos(hourAngle);
  row[column.weekday_sin] = Math.sin(dayAngle);
  row[column.weekday_cos] = Math.cos(dayAngle);
  row[column.present] = 1;
  row[column.channel_level] = (Math.log(level.rate + 1e-4) + 5) / 3;
  row[column.channel_views] = Math.log1p(level.views) / 10;
}

function writeShares(row: Float32Array, post: Pick<HistoryPost, 'forwards' | 'replies' | 'reactions'>): void {
  const total = (post.forwards ?? 0) + post.replies + post.reactions;
  row[column.forwards_known] = post.forwards === null ? 0 : 1;
  if (total > 0) {
    row[column.forwards_share] = (post.forwards ?? 0) / total;
    row[column.replies_share] = post.replies / total;
  }
}

/** The `count` most recent posts, oldest first. */
export function latestOldestFirst<T extends { postedAt: Date }>(posts: readonly T[], count: number): T[] {
  return [...posts].sort((a, b) => a.postedAt.getTime() - b.postedAt.getTime()).slice(-count);
}

function clip(value: number, limit: number): number {
  return Math.max(-limit, Math.min(limit, value));
}
