import { SeededRandom } from './random.js';

/**
 * The synthetic error streams the detectors are calibrated on: stationary ones (false alarms) and
 * ones with a known change point (detection delay), abrupt or gradual (a linear ramp). Each is
 * parameterised by `level` ∈ [0, 1]: 0 before the change, 1 once it is complete.
 */
export interface StreamFamily {
  name: string;
  /** What the family models, for the table. */
  description: string;
  /** One value at `level` (0: before the change, 1: after). */
  draw: (random: SeededRandom, level: number) => number;
}

export const FAMILIES: readonly StreamFamily[] = [
  { name: 'normal', description: 'N(0, 1) → N(1, 1)', draw: (r, level) => r.normal() + level },
  { name: 'bernoulli', description: 'errors 0/1, p 0.2 → 0.4', draw: (r, level) => (r.next() < 0.2 + 0.2 * level ? 1 : 0) },
  { name: 'absolute', description: 'abs. value of N(0, σ), σ 1 → 2 (mean error doubles)', draw: (r, level) => Math.abs(r.normal()) * (1 + level) },
];

export type ShiftKind = 'stationary' | 'abrupt' | 'gradual';

export interface StreamSpec {
  family: StreamFamily;
  kind: ShiftKind;
  length: number;
  /** Where the change starts (ignored for stationary streams). */
  changeAt: number;
  /** Items the gradual change takes to complete. */
  ramp: number;
}

/** Length of the stationary streams (the false-alarm criterion) and of the shifted ones. */
export const STATIONARY_LENGTH = 1_000;
export const SHIFTED_LENGTH = 2_000;
export const CHANGE_AT = 1_000;
export const RAMP = 300;

export function levelAt(spec: StreamSpec, t: number): number {
  if (spec.kind === 'stationary' || t < spec.changeAt) return 0;
  if (spec.kind === 'abrupt') return 1;
  return Math.min(1, (t - spec.changeAt + 1) / spec.ramp);
}

/** The `index`-th stream of a spec: the same values for the same (seed, family, kind, index). */
export function generateStream(spec: StreamSpec, seed: number, index: number): number[] {
  const familyIndex = FAMILIES.findIndex((f) => f.name === spec.family.name);
  const kindIndex = ['stationary', 'abrupt', 'gradual'].indexOf(spec.kind);
  const random = new SeededRandom((seed * 7919 + familyIndex * 104_729 + kindIndex * 15_485_863 + index * 2_654_435_761) >>> 0);
  return Array.from({ length: spec.length }, (_, t) => spec.family.draw(random, levelAt(spec, t)));
}

export function specOf(family: StreamFamily, kind: ShiftKind): StreamSpec {
  return kind === 'stationary'
    ? { family, kind, length: STATIONARY_LENGTH, changeAt: STATIONARY_LENGTH, ramp: RAMP }
    : { family, kind, length: SHIFTED_LENGTH, changeAt: CHANGE_AT, ramp: RAMP };
}
