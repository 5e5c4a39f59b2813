import { describe, expect, it } from 'vitest';
import { QUANTILE_COUNT, ReferenceValueError, referenceStatistics } from '../../src/evaluation/reference-statistics.js';

describe('referenceStatistics', () => {
  it('gives 101 interpolated quantiles, the mean, the population std and the count of each feature', () => {
    // 0..100: the q % quantile is q itself.
    const rows = Array.from({ length: 101 }, (_, i) => ({ x: 100 - i, twice: 2 * i }));
    const stats = referenceStatistics(rows);
    expect(Object.keys(stats)).toEqual(['x', 'twice']);
    expect(stats.x!.quantiles).toEqual(Array.from({ length: QUANTILE_COUNT }, (_, q) => q));
    expect(stats.twice!.quantiles[50]).toBe(100);
    expect(stats.x!.mean).toBe(50);
    expect(stats.x!.std).toBeCloseTo(Math.sqrt((101 * 101 - 1) / 12), 4);
    expect(stats.x!.count).toBe(101);
  });

  it('interpolates between order statistics when there are fewer values than quantiles', () => {
    const stats = referenceStatistics([{ v: 0 }, { v: 10 }]);
    expect(stats.v!.quantiles[0]).toBe(0);
    expect(stats.v!.quantiles[25]).toBe(2.5);
    expect(stats.v!.quantiles[100]).toBe(10);
    expect(stats.v!.std).toBe(5);
  });

  it('keeps quantiles ascending and a constant feature at std 0', () => {
    const values = [3.1415926535, 1e-9, -7.77777777, 42, 3.1415926536, 1e6 + 0.123456789];
    const stats = referenceStatistics(values.map((v) => ({ v, c: 1 })));
    const q = stats.v!.quantiles;
    expect(q).toEqual([...q].sort((a, b) => a - b));
    expect(q[0]).toBeCloseTo(-7.777778, 6);
    expect(stats.c).toEqual({ quantiles: new Array(QUANTILE_COUNT).fill(1), mean: 1, std: 0, count: 6 });
  });

  it('counts a feature only over the rows that have it', () => {
    const stats = referenceStatistics([{ a: 1, b: 5 }, { a: 3 }]);
    expect(stats.a!.count).toBe(2);
    expect(stats.b).toMatchObject({ count: 1, mean: 5, std: 0 });
  });

  it('refuses a non-finite value, naming the row and the feature', () => {
    expect(() => referenceStatistics([{ a: 1 }, { a: Number.NaN }])).toThrow(ReferenceValueError);
    expect(() => referenceStatistics([{ a: 1 }, { a: Infinity }])).toThrow('rows[1].a must be a finite number');
  });

  it('is empty for no rows', () => {
    expect(referenceStatistics([])).toEqual({});
  });
});
