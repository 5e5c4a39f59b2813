import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../src/calibration/random.js';
import { dataDrift } from '../src/domain/data-drift.js';
import { kolmogorovSmirnov } from '../src/domain/kolmogorov-smirnov.js';
import { populationStabilityIndex } from '../src/domain/psi.js';
import { referenceCdf, referenceCdfBelow, type FeatureReference } from '../src/domain/reference-distribution.js';

/** A reference as the served helper computes it: the 0..100 % quantiles of a sample. */
function referenceOf(name: string, sample: number[]): FeatureReference {
  const sorted = [...sample].sort((a, b) => a - b);
  const quantiles = Array.from({ length: 101 }, (_, k) => {
    const pos = (k / 100) * (sorted.length - 1);
    const lo = Math.floor(pos);
    return sorted[lo]! + (sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!) * (pos - lo);
  });
  const mean = sample.reduce((a, b) => a + b, 0) / sample.length;
  return { name, quantiles, mean, std: Math.sqrt(sample.reduce((a, x) => a + (x - mean) ** 2, 0) / sample.length), count: sample.length };
}
const draw = (n: number, seed: number, f: (r: SeededRandom) => number) => {
  const r = new SeededRandom(seed);
  return Array.from({ length: n }, () => f(r));
};

describe('the reference distribution', () => {
  it('rebuilds the CDF: linear between quantiles, a step where they coincide', () => {
    const q = Array.from({ length: 101 }, (_, k) => (k < 50 ? 0 : k - 50));
    expect(referenceCdf(q, 0)).toBeCloseTo(0.5, 10);
    expect(referenceCdfBelow(q, 0)).toBe(0);
    expect(referenceCdf(q, 10.5)).toBeCloseTo(0.605, 10);
    expect(referenceCdf(q, -1)).toBe(0);
    expect(referenceCdf(q, 99)).toBe(1);
  });
});

describe('PSI and KS', () => {
  const reference = referenceOf('x', draw(20_000, 1, (r) => r.normal()));

  it('find no drift in a sample from the reference distribution', () => {
    const same = draw(1_000, 2, (r) => r.normal());
    expect(populationStabilityIndex(reference.quantiles, same).psi).toBeLessThan(0.05);
    expect(kolmogorovSmirnov(reference.quantiles, reference.count, same).rejected).toBe(false);
  });

  it('find a one-σ shift: PSI high, KS rejects', () => {
    const shifted = draw(1_000, 3, (r) => r.normal() + 1);
    expect(populationStabilityIndex(reference.quantiles, shifted).psi).toBeGreaterThan(0.25);
    const ks = kolmogorovSmirnov(reference.quantiles, reference.count, shifted);
    expect(ks.rejected).toBe(true);
    expect(ks.statistic).toBeGreaterThan(0.3);
  });

  it('stay finite when whole bins are empty (the small-count floor)', () => {
    const { psi } = populationStabilityIndex(reference.quantiles, [5, 5, 5]);
    expect(Number.isFinite(psi)).toBe(true);
    expect(psi).toBeGreaterThan(0.25);
  });

  it('compare a discrete feature as steps: the same 0/1 mix is no drift, another mix is', () => {
    const ref = referenceOf('flag', draw(10_000, 4, (r) => (r.next() < 0.3 ? 1 : 0)));
    const same = draw(2_000, 5, (r) => (r.next() < 0.3 ? 1 : 0));
    const other = draw(2_000, 6, (r) => (r.next() < 0.6 ? 1 : 0));
    expect(kolmogorovSmirnov(ref.quantiles, ref.count, same).rejected).toBe(false);
    expect(kolmogorovSmirnov(ref.quantiles, ref.count, other).rejected).toBe(true);
    expect(populationStabilityIndex(ref.quantiles, other).psi).toBeGreaterThan(0.1);
  });
});

describe('dataset drift', () => {
  const refs = ['a', 'b', 'c', 'd'].map((name, i) => referenceOf(name, draw(10_000, 10 + i, (r) => r.normal())));
  const items = (n: number, shift: Record<string, number>, seed: number) => {
    const r = new SeededRandom(seed);
    return Array.from({ length: n }, () => new Map(refs.map((f) => [f.name, r.normal() + (shift[f.name] ?? 0)])));
  };

  it('is declared when at least half the features drift, not when fewer do', () => {
    const half = dataDrift(refs, items(800, { a: 1, b: 1 }, 20));
    expect(half.features.filter((f) => f.drifted).map((f) => f.name)).toEqual(['a', 'b']);
    expect(half.driftedShare).toBe(0.5);
    expect(half.datasetDrift).toBe(true);
    const one = dataDrift(refs, items(800, { a: 1 }, 21));
    expect(one.driftedShare).toBe(0.25);
    expect(one.datasetDrift).toBe(false);
  });

  it('names reference features no item carried and item features the reference lacks', () => {
    const result = dataDrift(refs, [new Map([['a', 0], ['zzz', 1]])]);
    expect(result.missing).toEqual(['b', 'c', 'd']);
    expect(result.unexpected).toEqual(['zzz']);
  });
});
