/**
 * A model's labelled examples as learning reads them (a fed-back outcome joined to the stored
 * input of the prediction it judges), the held-out split, and the checks that say whether they
 * are fit to learn from. Plain data.
 *
 * Split: the most recent HELD_OUT_FRACTION (20 %) by `receivedAt` (ties by feedback id) is held
 * out for the champion/challenger evaluation and never trained on; the rest is the training set.
 *
 * Checks (`validateLearningData`):
 * - errors (not fit: an update refuses to run): fewer usable examples than the model's minimum
 *   (MIN_EXAMPLES: enough for a held-out set of at least MIN_HELD_OUT items, the least a paired
 *   bootstrap can judge), a label out of range (an engagement rate outside 0..1, a negative or
 *   fractional count), a held-out item in the training set (leakage: the same prediction on both
 *   sides, or a training item inside the held-out window);
 * - warnings (the item is left out, the rest is usable): an item without a stored input or with
 *   an input of another shape than the model reads (a prediction of an earlier model), a forecast
 *   without its origin, the same prediction fed back twice (the first is kept).
 */
import type { FieldIssue } from '@telepulse/platform';
import { FEATURES_PER_POST, HISTORY_POSTS } from '@telepulse/models/engagement/features';
import { GROWTH_FEATURES } from '@telepulse/models/growth/features';
import { GROWTH_WINDOW } from '@telepulse/models/growth/series';
import type { TrainableModel } from './trainable-models.js';

export const HELD_OUT_FRACTION = 0.2;
/** The fewest held-out items an evaluation is run on. */
export const MIN_HELD_OUT = 8;
/** The fewest usable examples an update runs on: at least MIN_HELD_OUT / HELD_OUT_FRACTION, more where one example says less (a forecast's few observed days). */
export const MIN_EXAMPLES: Record<TrainableModel, number> = { engagement: 40, growth: 40 };

/** The input shape each model reads (without the batch axis). */
export const INPUT_SHAPES: Record<TrainableModel, readonly [number, number]> = {
  engagement: [HISTORY_POSTS + 1, FEATURES_PER_POST],
  growth: [GROWTH_WINDOW, GROWTH_FEATURES],
};

export type ObservedLabel = { kind: 'ENGAGEMENT_RATE'; engagementRate: number } | { kind: 'SUBSCRIBER_COUNT'; subscriberCounts: { date: string; count: number }[] };

export interface FeedbackExample {
  feedbackId: string;
  predictionId: string;
  modelVersion: string;
  receivedAt: Date;
  /** The model's error on it as feedback computed it (the champion's, when it served it). */
  error: number;
  label: ObservedLabel;
  /** The stored input of the prediction; null when it was not stored or the prediction is gone. */
  input: { shape: number[]; values: number[] } | null;
  /** SUBSCRIBER_COUNT: the forecast's origin (its last counted day and count), so observed days map to horizon steps; null otherwise. */
  origin: { lastDate: string; lastCount: number } | null;
}

/** An example fit to learn from: its input present and of the model's shape. */
export type UsableExample = FeedbackExample & { input: { shape: number[]; values: number[] } };

export interface LearningSplit {
  training: UsableExample[];
  heldOut: UsableExample[];
  /** The first held-out item's arrival: training items all arrived before it. */
  heldOutFrom: Date | null;
}

export interface LearningDataValidation {
  valid: boolean;
  examples: number;
  heldOut: number;
  errors: FieldIssue[];
  warnings: FieldIssue[];
}

const byArrival = (a: FeedbackExample, b: FeedbackExample) => a.receivedAt.getTime() - b.receivedAt.getTime() || (a.feedbackId < b.feedbackId ? -1 : a.feedbackId > b.feedbackId ? 1 : 0);

/** The usable examples in arrival order, and a warning per item left out. */
export function usableExamples(modelId: TrainableModel, examples: readonly FeedbackExample[]): { usable: UsableExample[]; warnings: FieldIssue[] } {
  const [rows, columns] = INPUT_SHAPES[modelId];
  const warnings: FieldIssue[] = [];
  const seen = new Set<string>();
  const usable: UsableExample[] = [];
  for (const example of [...examples].sort(byArrival)) {
    const field = `feedback[${example.feedbackId}]`;
    if (seen.has(example.predictionId)) {
      warnings.push({ field: `${field}.predictionId`, value: example.predictionId, message: 'the same prediction was fed back twice: only the first is used' });
      continue;
    }
    seen.add(example.predictionId);
    const input = example.input;
    if (input === null) {
      warnings.push({ field: `${field}.input`, value: null, message: `prediction ${example.predictionId} has no stored input: left out` });
      continue;
    }
    if (input.shape.length !== 2 || input.shape[0] !== rows || input.shape[1] !== columns || input.values.length !== rows * columns) {
      warnings.push({ field: `${field}.input.shape`, value: input.shape, message: `is not the [${rows}, ${columns}] input ${modelId} reads (a prediction of an earlier model): left out` });
      continue;
    }
    if (modelId === 'growth' && example.origin === null) {
      warnings.push({ field: `${field}.origin`, value: null, message: `forecast ${example.predictionId} does not tell its origin (first day, last count): left out` });
      continue;
    }
    usable.push({ ...example, input });
  }
  return { usable, warnings };
}

/** The most recent HELD_OUT_FRACTION of `usable` (arrival order) held out, the rest for training. */
export function splitHeldOut(usable: readonly UsableExample[]): LearningSplit {
  const sorted = [...usable].sort(byArrival);
  const heldCount = Math.ceil(sorted.length * HELD_OUT_FRACTION);
  const cut = sorted.length - heldCount;
  const heldOut = sorted.slice(cut);
  return { training: sorted.slice(0, cut), heldOut, heldOutFrom: heldOut[0]?.receivedAt ?? null };
}

/** Leakage: a held-out prediction also in training, or a training item from the held-out window. */
export function leakageIssues(split: LearningSplit): FieldIssue[] {
  const held = new Set(split.heldOut.map((e) => e.predictionId));
  const from = split.heldOut[0];
  return split.training.flatMap((e) => {
    const field = `feedback[${e.feedbackId}]`;
    if (held.has(e.predictionId)) return [{ field: `${field}.predictionId`, value: e.predictionId, message: 'is in the held-out set and the training set' }];
    if (from && byArrival(e, from) >= 0) return [{ field: `${field}.receivedAt`, value: e.receivedAt.toISOString(), message: `is inside the held-out window (from ${from.receivedAt.toISOString()})` }];
    return [];
  });
}

/** Label range issues: an engagement rate outside 0..1, a count that is not a whole number >= 0. */
export function labelIssues(examples: readonly FeedbackExample[]): FieldIssue[] {
  return examples.flatMap(({ feedbackId, label }) => {
    const field = `feedback[${feedbackId}]`;
    if (label.kind === 'ENGAGEMENT_RATE') {
      const rate = label.engagementRate;
      return Number.isFinite(rate) && rate >= 0 && rate <= 1 ? [] : [{ field: `${field}.engagementRate`, value: rate, message: 'must be between 0 and 1' }];
    }
    return label.subscriberCounts.flatMap((c, i) =>
      Number.isSafeInteger(c.count) && c.count >= 0 ? [] : [{ field: `${field}.subscriberCounts[${i}].count`, value: c.count, message: 'must be a whole number >= 0' }],
    );
  });
}

/** Whether `examples` are fit to learn from, with the split an update would use (see the module comment). */
export function validateLearningData(modelId: TrainableModel, examples: readonly FeedbackExample[]): LearningDataValidation & { split: LearningSplit } {
  const { usable, warnings } = usableExamples(modelId, examples);
  const labelled = labelIssues(usable);
  const bad = new Set(labelled.map((issue) => issue.field.slice(0, issue.field.indexOf(']') + 1)));
  const split = splitHeldOut(usable.filter((e) => !bad.has(`feedback[${e.feedbackId}]`)));
  const errors = [...labelled, ...leakageIssues(split)];
  const count = split.training.length + split.heldOut.length;
  if (count < MIN_EXAMPLES[modelId]) {
    errors.unshift({ field: 'modelId', value: modelId, message: `has ${count} usable fed-back examples; learning needs at least ${MIN_EXAMPLES[modelId]} (${MIN_HELD_OUT} held out for the evaluation)` });
  }
  return { valid: errors.length === 0, examples: count, heldOut: split.heldOut.length, errors, warnings, split };
}
