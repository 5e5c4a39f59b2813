/**
 * The engagement model's input summarised as a few named numbers, for data drift: computed from
 * the exact model input (features.ts buildEngagementInput), so a served prediction (which stores
 * its input) and a training example give them the same way, and the training inputs' statistics
 * (metadata `reference`) describe exactly what serving reports.
 */
import { FEATURES_PER_POST, HISTORY_POSTS, INPUT_COLUMNS, MAX_TEXT_LENGTH, type InputColumn } from './features.js';

export const ENGAGEMENT_DRIFT_FEATURES = [
  /** The candidate's UTC hour with its fraction (the middle of the hour when its time is not given). */
  'hourOfDay',
  /** 0 = Monday .. 6 = Sunday. */
  'dayOfWeek',
  /** ln(1 + characters of text), the length capped at Telegram's 4,096. */
  'lnContentLength',
  /** 1 with media. */
  'hasMedia',
  /** Past posts the model read. */
  'historyLength',
  /** The median over those posts of ln(1 + views). */
  'historyMedianLnViews',
  /** The median over those posts of their engagement rate. */
  'historyMedianRate',
] as const;

export type EngagementDriftFeature = (typeof ENGAGEMENT_DRIFT_FEATURES)[number];

const col = (name: InputColumn) => INPUT_COLUMNS.indexOf(name);

/** The drift features of one model input (`[historyPosts + 1, FEATURES_PER_POST]` row-major, the candidate last). */
export function engagementDriftFeatures(input: ArrayLike<number>, historyPosts = HISTORY_POSTS): Record<EngagementDriftFeature, number> {
  if (input.length !== (historyPosts + 1) * FEATURES_PER_POST) {
    throw new RangeError(`an engagement input of ${historyPosts} history posts holds ${(historyPosts + 1) * FEATURES_PER_POST} values, got ${input.length}`);
  }
  const at = (row: number, name: InputColumn) => input[row * FEATURES_PER_POST + col(name)]!;
  const candidate = historyPosts;
  const history = Array.from({ length: historyPosts }, (_, row) => row).filter((row) => at(row, 'present') === 1);
  // Every present row carries the history's level (what its rates and views are relative to).
  const level = at(candidate, 'channel_level');
  const levelRate = Math.max(0, Math.exp(3 * level - 5) - 1e-4);
  const epsilon = 0.1 * levelRate + 1e-4;
  const meanLnViews = 10 * at(candidate, 'channel_views');
  return {
    hourOfDay: turns(at(candidate, 'hour_sin'), at(candidate, 'hour_cos')) * 24,
    dayOfWeek: Math.round(turns(at(candidate, 'weekday_sin'), at(candidate, 'weekday_cos')) * 7) % 7,
    lnContentLength: at(candidate, 'text_length') * Math.log1p(MAX_TEXT_LENGTH),
    hasMedia: at(candidate, 'has_media'),
    historyLength: history.length,
    historyMedianLnViews: median(history.map((row) => at(row, 'views_vs_level') + meanLnViews)),
    historyMedianRate: median(history.map((row) => Math.min(1, Math.max(0, (levelRate + epsilon) * Math.exp(at(row, 'rate_vs_level')) - epsilon)))),
  };
}

/** The angle of (sin, cos) as a share of the circle, 0 ≤ t < 1. */
function turns(sin: number, cos: number): number {
  const t = Math.atan2(sin, cos) / (2 * Math.PI);
  return t < 0 ? t + 1 : t;
}

/** The median; 0 for no values (a prediction without history reads nothing). */
function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The features a prediction stored with an input of another layout (an earlier model's columns)
 * still tells, from its candidate and history length: the candidate's as the model reads them,
 * the history's medians left out.
 */
export function engagementDriftFeaturesOfCandidate(
  candidate: { hourOfDay: number; dayOfWeek: number; contentLength: number; hasMedia: boolean; postedAt: Date | null },
  historyLength: number,
): Partial<Record<EngagementDriftFeature, number>> {
  const { postedAt } = candidate;
  return {
    hourOfDay: postedAt ? postedAt.getUTCHours() + postedAt.getUTCMinutes() / 60 : candidate.hourOfDay + 0.5,
    dayOfWeek: candidate.dayOfWeek,
    lnContentLength: Math.log1p(Math.min(candidate.contentLength, MAX_TEXT_LENGTH)),
    hasMedia: candidate.hasMedia ? 1 : 0,
    historyLength,
  };
}
