/**
 * Checks submitted outcomes against the served predictions they are about, and turns each into
 * the record to store: the outcome must be the prediction's kind (a rate for an engagement
 * prediction, counts on the forecast's own days for a growth forecast, viral or not for a viral
 * detection), in range and finite. Every broken rule is collected, named by its field path
 * (`items[3].outcome.engagementRate`), so a batch hears about all its bad items at once.
 */
import { IssueCollector, type FieldIssue } from '@telepulse/platform';
import type { OutcomeKind } from '@telepulse/models/catalog/model-catalog';
import type { FeedbackSource, NewFeedback, ObservedOutcome, ObservedPair } from './feedback.js';
import { feedbackId } from './feedback-id.js';
import { itemError, maseScale } from './item-error.js';
import type { ServedPredictionView } from './served-prediction.js';

/** FeedbackInput as the resolvers hand it over (GraphQL's Date scalar gives a Date). */
export interface OutcomeInput {
  engagementRate?: number | null;
  subscriberCounts?: readonly { date: Date | string; count: number }[] | null;
  viral?: boolean | null;
  rating?: number | null;
  comment?: string | null;
}

export interface FeedbackItem {
  predictionId: string;
  outcome: OutcomeInput;
  /** Where the item sits in the request: `''` for submitFeedback's arguments, `items[3]` in a batch. */
  path: string;
}

/** Longest comment kept. */
export const COMMENT_MAX_CHARS = 2000;

/** The outcome field each kind takes. */
const FIELD_OF: Record<OutcomeKind, 'engagementRate' | 'subscriberCounts' | 'viral'> = {
  ENGAGEMENT_RATE: 'engagementRate',
  SUBSCRIBER_COUNT: 'subscriberCounts',
  VIRAL: 'viral',
};

/** What checking needs besides the items: the predictions found (null: unknown id), MASE scales, the clock. */
export interface CheckContext {
  predictions: ReadonlyMap<string, ServedPredictionView | null>;
  /** SUBSCRIBER_COUNT: the forecast's MASE scale before flooring, by prediction id; missing: unknown. */
  scales: ReadonlyMap<string, number>;
  source: FeedbackSource;
  now: Date;
}

export type CheckResult = { ok: true; records: NewFeedback[] } | { ok: false; issues: FieldIssue[] };

/** Checks every item; the records in the order of the items when all pass, every issue otherwise. */
export function checkFeedback(items: readonly FeedbackItem[], context: CheckContext): CheckResult {
  const issues = new IssueCollector();
  const records: NewFeedback[] = [];
  for (const item of items) {
    const at = item.path === '' ? issues : issues.at(item.path);
    const record = checkItem(item, context, at);
    if (record) records.push(record);
  }
  return issues.ok ? { ok: true, records } : { ok: false, issues: issues.issues };
}

function checkItem(item: FeedbackItem, context: CheckContext, issues: IssueCollector): NewFeedback | null {
  const before = issues.issues.length;
  const { outcome } = item;
  issues.integer('outcome.rating', outcome.rating, 1, 5);
  issues.maxLength('outcome.comment', outcome.comment, COMMENT_MAX_CHARS);
  const prediction = context.predictions.get(item.predictionId) ?? null;
  if (prediction === null) {
    issues.add('predictionId', item.predictionId, 'is not the id of any served prediction (engagement prediction, growth forecast or viral detection)');
    return null;
  }
  const expected = FIELD_OF[prediction.outcome];
  for (const field of Object.values(FIELD_OF)) {
    const value = outcome[field];
    if (field !== expected && value !== null && value !== undefined) {
      issues.add(`outcome.${field}`, value, `does not fit prediction ${item.predictionId}: it is a ${prediction.outcome} prediction of model ${prediction.modelId}, give \`${expected}\``);
    }
  }
  const observed = observedOutcome(prediction, outcome, issues.at('outcome'));
  if (observed === null || issues.issues.length > before) return null;
  const pairs = pairsOf(prediction, observed);
  let scale: number | null = null;
  if (prediction.outcome === 'SUBSCRIBER_COUNT') {
    const naive = context.scales.get(prediction.id);
    if (naive === undefined || !Number.isFinite(naive) || naive < 0) {
      issues.add('predictionId', item.predictionId, 'the forecast carries no usable MASE scale (its channel history cannot be judged)');
      return null;
    }
    scale = maseScale(naive);
  }
  return {
    id: feedbackId(prediction.id, observed),
    predictionId: prediction.id,
    modelId: prediction.modelId,
    modelVersion: prediction.modelVersion,
    outcome: prediction.outcome,
    channelId: prediction.channelId,
    observed,
    pairs,
    scale,
    error: itemError(prediction.outcome, pairs, scale),
    rating: outcome.rating ?? null,
    comment: outcome.comment ?? null,
    source: context.source,
    receivedAt: context.now,
  };
}

/** The outcome of the prediction's kind, checked; null (with issues) when it is missing or bad. */
function observedOutcome(prediction: ServedPredictionView, outcome: OutcomeInput, issues: IssueCollector): ObservedOutcome | null {
  const field = FIELD_OF[prediction.outcome];
  const value = outcome[field];
  if (value === null || value === undefined) {
    issues.add(field, value, `is required: prediction ${prediction.id} is a ${prediction.outcome} prediction of model ${prediction.modelId}`);
    return null;
  }
  switch (prediction.outcome) {
    case 'ENGAGEMENT_RATE': {
      const rate = outcome.engagementRate!;
      if (!Number.isFinite(rate) || rate < 0 || rate > 1) {
        issues.add(field, rate, 'must be a finite rate between 0 and 1 ((forwards + replies + reactions) / views)');
        return null;
      }
      return { kind: 'ENGAGEMENT_RATE', engagementRate: rate };
    }
    case 'VIRAL':
      return { kind: 'VIRAL', viral: outcome.viral! };
    case 'SUBSCRIBER_COUNT':
      return observedCounts(prediction, outcome.subscriberCounts!, issues);
  }
}

function observedCounts(prediction: ServedPredictionView, counts: NonNullable<OutcomeInput['subscriberCounts']>, issues: IssueCollector): ObservedOutcome | null {
  const days = prediction.points.flatMap((p) => (p.date === null ? [] : [p.date]));
  const before = issues.issues.length;
  if (counts.length === 0) issues.add('subscriberCounts', [], 'must hold at least one observed day');
  const seen = new Set<string>();
  const checked = counts.map((c, i) => {
    const date = dayOf(c.date);
    if (date === null) issues.add(`subscriberCounts[${i}].date`, c.date, 'must be a calendar day');
    else if (!days.includes(date)) issues.add(`subscriberCounts[${i}].date`, date, `is not a day of forecast ${prediction.id} (${days[0]} to ${days[days.length - 1]})`);
    else if (seen.has(date)) issues.add(`subscriberCounts[${i}].date`, date, 'is given twice');
    if (date !== null) seen.add(date);
    if (!Number.isSafeInteger(c.count) || c.count < 0) issues.add(`subscriberCounts[${i}].count`, c.count, 'must be a whole number >= 0');
    return { date: date ?? '', count: c.count };
  });
  if (issues.issues.length > before) return null;
  return { kind: 'SUBSCRIBER_COUNT', subscriberCounts: checked.sort((a, b) => (a.date < b.date ? -1 : 1)) };
}

/** The prediction's points against the outcome: one pair for a rate or a probability, one per observed day for a forecast. */
export function pairsOf(prediction: ServedPredictionView, observed: ObservedOutcome): ObservedPair[] {
  const interval = (p: ServedPredictionView['points'][number]) => ({ lower80: p.lower80, upper80: p.upper80, lower95: p.lower95, upper95: p.upper95 });
  switch (observed.kind) {
    case 'ENGAGEMENT_RATE':
    case 'VIRAL': {
      const point = prediction.points[0];
      if (!point) throw new RangeError(`served prediction ${prediction.id} has no point`);
      const value = observed.kind === 'VIRAL' ? (observed.viral ? 1 : 0) : observed.engagementRate;
      return [{ date: null, predicted: point.value, observed: value, ...interval(point) }];
    }
    case 'SUBSCRIBER_COUNT':
      return observed.subscriberCounts.map(({ date, count }) => {
        const point = prediction.points.find((p) => p.date === date)!;
        return { date, predicted: point.value, observed: count, ...interval(point) };
      });
  }
}

/** `YYYY-MM-DD` of a Date (UTC) or of a day string; null when it is neither. */
function dayOf(value: Date | string): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null;
}
