/**
 * A model's adaptive learning rate: reduce on plateau, raise after drift. The rate the next
 * learning job fine-tunes with. Plain data and pure steps; the store persists the state.
 *
 * Rule (the shape of Keras' ReduceLROnPlateau in `min` mode with a relative threshold):
 * - `performance` is the model's error on recent feedback: lower is better.
 * - An observation improves when it is below `best × (1 − threshold)` (threshold 1e-3,
 *   relative): it becomes the new best and the count of bad observations restarts.
 * - Otherwise, outside a cooldown, it is a bad observation; after `patience` (3) bad ones in a
 *   row the rate is multiplied by `factor` (0.5), never below `minRate` (1e-5), and a cooldown
 *   of `cooldown` (2) observations starts, during which nothing counts as bad.
 * - A MEDIUM or HIGH drift raises the rate ×2 (at most to the initial rate): the world changed,
 *   the model has to move again. The best error seen before the drift no longer says anything
 *   about the new data, so it is replaced by this observation, and the counters restart.
 * - A retry: an observation identical to the last one (same performance to the last bit, same
 *   drift) is no new evidence (no feedback arrived since) and changes nothing, so a retried call
 *   returns the state it produced the first time.
 */
import { InvalidInputError } from '@telepulse/platform';

export const DRIFT_SEVERITIES = ['NONE', 'LOW', 'MEDIUM', 'HIGH'] as const;
export type DriftSeverity = (typeof DRIFT_SEVERITIES)[number];

export interface LearningRateConfig {
  initialRate: number;
  factor: number;
  patience: number;
  cooldown: number;
  minRate: number;
  /** Relative improvement needed to count as better. */
  threshold: number;
  /** The rise after a MEDIUM or HIGH drift. */
  driftFactor: number;
}

/** The fine-tuning rate every model starts from (Adam, small steps from a trained version). */
export const DEFAULT_INITIAL_LEARNING_RATE = 1e-3;

export const DEFAULT_LEARNING_RATE_CONFIG: LearningRateConfig = {
  initialRate: DEFAULT_INITIAL_LEARNING_RATE,
  factor: 0.5,
  patience: 3,
  cooldown: 2,
  minRate: 1e-5,
  threshold: 1e-3,
  driftFactor: 2,
};

export interface LearningRateState {
  modelId: string;
  rate: number;
  /** The lowest error seen since the last drift; null before any observation. */
  best: number | null;
  badEpochs: number;
  cooldownLeft: number;
  /** The last observation, to recognise a retry; null before any. */
  last: { performance: number; drift: DriftSeverity | null } | null;
  /** Observations applied: the store's write fence. */
  revision: number;
  updatedAt: Date | null;
}

/** BAD_USER_INPUT naming `performance` unless it is an error: finite and >= 0. */
export function assertPerformance(performance: number): void {
  if (!(Number.isFinite(performance) && performance >= 0)) {
    throw new InvalidInputError([{ field: 'performance', value: performance, message: "must be the model's error on recent feedback: a finite number >= 0" }]);
  }
}

/** A model's state before any observation. */
export function initialLearningRate(modelId: string, config: LearningRateConfig = DEFAULT_LEARNING_RATE_CONFIG): LearningRateState {
  return { modelId, rate: config.initialRate, best: null, badEpochs: 0, cooldownLeft: 0, last: null, revision: 0, updatedAt: null };
}

/** Whether this observation repeats the last one (a retry: no new evidence). */
export function isRepeat(state: LearningRateState, performance: number, drift: DriftSeverity | null): boolean {
  return state.last !== null && Object.is(state.last.performance, performance) && state.last.drift === drift;
}

/** The state after one observation (see the module comment); a repeat returns `state` itself. */
export function adaptLearningRate(state: LearningRateState, performance: number, drift: DriftSeverity | null, now: Date, config: LearningRateConfig = DEFAULT_LEARNING_RATE_CONFIG): LearningRateState {
  if (isRepeat(state, performance, drift)) return state;
  const next = { ...state, last: { performance, drift }, revision: state.revision + 1, updatedAt: now };
  if (drift === 'MEDIUM' || drift === 'HIGH') {
    return { ...next, rate: Math.min(state.rate * config.driftFactor, config.initialRate), best: performance, badEpochs: 0, cooldownLeft: 0 };
  }
  const inCooldown = state.cooldownLeft > 0;
  const cooldownLeft = inCooldown ? state.cooldownLeft - 1 : 0;
  if (state.best === null || performance < state.best * (1 - config.threshold)) {
    return { ...next, best: performance, badEpochs: 0, cooldownLeft };
  }
  if (inCooldown) return { ...next, badEpochs: 0, cooldownLeft };
  const badEpochs = state.badEpochs + 1;
  if (badEpochs < config.patience) return { ...next, badEpochs, cooldownLeft };
  return { ...next, rate: Math.max(state.rate * config.factor, config.minRate), badEpochs: 0, cooldownLeft: config.cooldown };
}
