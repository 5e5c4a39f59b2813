/**
 * A labelled example: what a served model read (the stored input of a prediction) and what was
 * observed afterwards, turned into the network's own target the way its trainer builds it:
 * - engagement: the observed rate as the log ratio to the channel's level (features.ts
 *   rateToRatio), the level read back from the input's `channel_level` column, which every row
 *   carries: so a stored prediction needs nothing besides its input;
 * - growth: each observed day's count as ln(count / last count) (examples.ts), the day's place
 *   in the horizon from its date and the forecast's origin; days not observed are masked.
 */
import { InvalidInputError, type FieldIssue } from '@telepulse/platform';
import { FEATURES_PER_POST, INPUT_COLUMNS, MIN_HISTORY_POSTS, rateToRatio, type ChannelLevel } from '../engagement/features.js';
import { GROWTH_FEATURES, logCount } from '../growth/features.js';
import { dayMs } from '../growth/series.js';

/** A served engagement prediction's stored input and the engagement rate its post reached. */
export interface EngagementLabelledExample {
  /** `[historyPosts + 1, features]` row-major, as the prediction stored it. */
  input: Float32Array | readonly number[];
  inputShape: readonly [number, number];
  /** The observed engagement rate (forwards + replies + reactions) / views, 0..1. */
  observed: number;
  /** When the outcome arrived: the lineage's data window. */
  receivedAt?: Date;
}

/** A served growth forecast's stored input and origin, and the counts observed after it. */
export interface GrowthLabelledExample {
  /** `[window, features]` row-major, as the forecast stored it. */
  input: Float32Array | readonly number[];
  inputShape: readonly [number, number];
  /** The forecast's origin: its last counted day (`YYYY-MM-DD`) and that count. */
  lastDate: string;
  lastCount: number;
  /** Observed subscriber counts on days after the origin; days beyond the model's horizon are ignored. */
  observed: readonly { date: string; count: number }[];
  /** MASE's scale of the forecast (subscribers per day, as feedback stores it): held-out errors are divided by it when given. */
  scale?: number;
  receivedAt?: Date;
}

/** The examples of each model that learns from feedback. */
export interface LabelledExamples {
  engagement: EngagementLabelledExample;
  growth: GrowthLabelledExample;
}

export type LearningModelId = keyof LabelledExamples;

export const LEARNING_MODELS: readonly LearningModelId[] = ['engagement', 'growth'];

export type LabelledExample = LabelledExamples[LearningModelId];

/** An engagement example as the network trains on it. */
export interface EngagementTrainingExample {
  input: Float32Array;
  level: ChannelLevel;
  /** The log ratio of the observed rate to the level. */
  targetRatio: number;
  observed: number;
  /** History rows present; below MIN_HISTORY_POSTS the served prediction was the baseline, not the model. */
  historyLength: number;
}

/** A growth example as the network trains on it: the target and its mask per horizon day. */
export interface GrowthTrainingExample {
  input: Float32Array;
  lastCount: number;
  target: Float32Array;
  known: boolean[];
  /** Observed counts per horizon day (NaN where not observed). */
  actual: number[];
  scale: number | null;
}

const column = (name: (typeof INPUT_COLUMNS)[number]) => INPUT_COLUMNS.indexOf(name);

/** The level an engagement input's rates are relative to, read back from its candidate row (features.ts writeShared inverted). */
export function levelOfEngagementInput(input: Float32Array, historyPosts: number): ChannelLevel {
  const candidate = historyPosts * FEATURES_PER_POST;
  const rate = Math.max(0, Math.exp(3 * input[candidate + column('channel_level')]! - 5) - 1e-4);
  const views = Math.expm1(10 * input[candidate + column('channel_views')]!);
  return { rate, views, epsilon: 0.1 * rate + 1e-4 };
}

/** History rows present in an engagement input. */
export function historyLengthOf(input: Float32Array, historyPosts: number): number {
  let n = 0;
  for (let row = 0; row < historyPosts; row++) if (input[row * FEATURES_PER_POST + column('present')] === 1) n += 1;
  return n;
}

/** Whether the served model was asked for this input: shorter histories got the baseline (pipeline.ts). */
export function engagementModelAsked(example: EngagementTrainingExample): boolean {
  return example.historyLength >= MIN_HISTORY_POSTS;
}

function checkShape(example: { input: ArrayLike<number>; inputShape: readonly number[] }, expected: readonly [number, number], field: string, issues: FieldIssue[]): boolean {
  const shape = example.inputShape;
  if (!Array.isArray(shape) || shape.length !== 2 || shape[0] !== expected[0] || shape[1] !== expected[1]) {
    issues.push({ field: `${field}.inputShape`, value: shape, message: `must be the model's input shape [${expected.join(', ')}]` });
    return false;
  }
  if (example.input.length !== expected[0] * expected[1]) {
    issues.push({ field: `${field}.input`, value: `${example.input.length} values`, message: `must hold ${expected[0] * expected[1]} values` });
    return false;
  }
  for (let i = 0; i < example.input.length; i++) {
    if (!Number.isFinite(example.input[i])) {
      issues.push({ field: `${field}.input[${i}]`, value: example.input[i], message: 'must be a finite number' });
      return false;
    }
  }
  return true;
}

/**
 * The training form of engagement examples for a model reading `historyPosts` past posts.
 * Throws InvalidInputError naming `<field>[i].<key>` for a wrong shape or an observed rate
 * outside 0..1.
 */
export function engagementTrainingExamples(examples: readonly EngagementLabelledExample[], historyPosts: number, field: string): EngagementTrainingExample[] {
  const issues: FieldIssue[] = [];
  const out: EngagementTrainingExample[] = [];
  examples.forEach((e, i) => {
    const at = `${field}[${i}]`;
    if (!checkShape(e, [historyPosts + 1, FEATURES_PER_POST], at, issues)) return;
    if (!(Number.isFinite(e.observed) && e.observed >= 0 && e.observed <= 1)) {
      issues.push({ field: `${at}.observed`, value: e.observed, message: 'must be an engagement rate from 0 to 1' });
      return;
    }
    const input = Float32Array.from(e.input);
    const level = levelOfEngagementInput(input, historyPosts);
    out.push({ input, level, targetRatio: rateToRatio(e.observed, level), observed: e.observed, historyLength: historyLengthOf(input, historyPosts) });
  });
  if (issues.length > 0) throw new InvalidInputError(issues);
  return out;
}

/**
 * The training form of growth examples for a model reading `window` days and forecasting
 * `horizon`. Throws InvalidInputError naming `<field>[i].<key>` for a wrong shape, an unreadable
 * origin or count, or no observed day within the horizon.
 */
export function growthTrainingExamples(examples: readonly GrowthLabelledExample[], window: number, horizon: number, field: string): GrowthTrainingExample[] {
  const issues: FieldIssue[] = [];
  const out: GrowthTrainingExample[] = [];
  examples.forEach((e, i) => {
    const at = `${field}[${i}]`;
    if (!checkShape(e, [window, GROWTH_FEATURES], at, issues)) return;
    const origin = dayMs(e.lastDate);
    if (!Number.isFinite(origin)) return void issues.push({ field: `${at}.lastDate`, value: e.lastDate, message: 'must be a YYYY-MM-DD day' });
    if (!(Number.isFinite(e.lastCount) && e.lastCount >= 0)) return void issues.push({ field: `${at}.lastCount`, value: e.lastCount, message: 'must be a count >= 0' });
    if (e.scale !== undefined && !(e.scale > 0 && Number.isFinite(e.scale))) return void issues.push({ field: `${at}.scale`, value: e.scale, message: 'must be a positive number' });
    const target = new Float32Array(horizon);
    const known = new Array<boolean>(horizon).fill(false);
    const actual = new Array<number>(horizon).fill(Number.NaN);
    const lastLog = logCount(e.lastCount);
    e.observed.forEach((o, j) => {
      const day = Math.round((dayMs(o.date) - origin) / 86_400_000);
      if (!Number.isFinite(day)) return void issues.push({ field: `${at}.observed[${j}].date`, value: o.date, message: 'must be a YYYY-MM-DD day' });
      if (!(Number.isFinite(o.count) && o.count >= 0)) return void issues.push({ field: `${at}.observed[${j}].count`, value: o.count, message: 'must be a count >= 0' });
      if (day < 1 || day > horizon) return;
      target[day - 1] = logCount(o.count) - lastLog;
      known[day - 1] = true;
      actual[day - 1] = o.count;
    });
    if (!known.some(Boolean)) return void issues.push({ field: `${at}.observed`, value: e.observed.length, message: `must hold a count of a day 1 to ${horizon} days after lastDate ${e.lastDate}` });
    out.push({ input: Float32Array.from(e.input), lastCount: e.lastCount, target, known, actual, scale: e.scale ?? null });
  });
  if (issues.length > 0) throw new InvalidInputError(issues);
  return out;
}
