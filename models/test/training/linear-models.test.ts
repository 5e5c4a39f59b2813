import { describe, expect, it } from 'vitest';
import { Random } from '@telepulse/dataset';
import { fitLeastSquares, fitLogistic, LinearFitError, sigmoid } from '../../src/training/linear-models.js';

describe('fitLeastSquares', () => {
  it('recovers the coefficients of noiseless data in the features’ own units', () => {
    const rows = Array.from({ length: 50 }, (_, i) => [i, (i * 7) % 11, 100 + ((i * 3) % 5)]);
    const targets = rows.map(([a, b, c]) => 2 + 3 * a! - b! + 0.5 * c!);
    const model = fitLeastSquares(rows, targets, { ridge: 0 });
    expect(model.weights.map((w) => Number(w.toFixed(6)))).toEqual([2, 3, -1, 0.5]);
    expect(model.score([10, 4, 102])).toBeCloseTo(2 + 30 - 4 + 51, 6);
  });

  it('keeps a constant feature at weight 0 and still fits the rest', () => {
    const rows = Array.from({ length: 20 }, (_, i) => [i, 7]);
    const model = fitLeastSquares(rows, rows.map(([x]) => 1 + 2 * x!));
    expect(model.weights[2]).toBe(0);
    expect(model.score([3, 7])).toBeCloseTo(7, 2);
  });

  it('rejects no rows, ragged rows, a target count that differs, and non-finite features, naming the row', () => {
    expect(() => fitLeastSquares([], [])).toThrow(LinearFitError);
    expect(() => fitLeastSquares([[1], [1, 2]], [1, 2])).toThrow('row 1: expected 1 features like row 0, got 2');
    expect(() => fitLeastSquares([[1]], [1, 2])).toThrow('expected one target per row, got 1 rows and 2 targets');
    expect(() => fitLeastSquares([[1], [Number.NaN]], [1, 2])).toThrow(/row 1: expected finite features/);
  });
});

describe('fitLogistic', () => {
  it('recovers the log-odds of a simulated logistic model', () => {
    const random = new Random('logistic');
    const rows = Array.from({ length: 20_000 }, () => [random.normal(0, 1), random.bernoulli(0.4) ? 1 : 0]);
    const labels = rows.map(([x, m]) => random.bernoulli(sigmoid(-1 + 1.5 * x! - 0.8 * m!)));
    const model = fitLogistic(rows, labels);
    expect(model.weights[0]).toBeCloseTo(-1, 1);
    expect(model.weights[1]).toBeCloseTo(1.5, 1);
    expect(model.weights[2]).toBeCloseTo(-0.8, 1);
  });

  it('gives finite weights that order the classes when they separate perfectly, and the base rate when nothing separates them', () => {
    const separated = fitLogistic([[0], [1], [2], [3]], [false, false, true, true]);
    expect(separated.weights.every(Number.isFinite)).toBe(true);
    expect(sigmoid(separated.score([3]))).toBeGreaterThan(0.9);
    expect(sigmoid(separated.score([0]))).toBeLessThan(0.1);
    const constant = fitLogistic([[5], [5], [5], [5]], [true, false, false, false]);
    expect(sigmoid(constant.score([5]))).toBeCloseTo(0.25, 6);
  });
});
