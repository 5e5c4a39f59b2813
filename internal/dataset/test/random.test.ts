import { describe, expect, it } from 'vitest';
import { Random } from '../src/random.js';

const draws = (rng: Random, n: number) => Array.from({ length: n }, () => rng.next());

describe('Random', () => {
  it('gives the same sequence for the same seed, numeric or string', () => {
    expect(draws(new Random(42), 20)).toEqual(draws(new Random(42), 20));
    expect(draws(new Random('abc'), 20)).toEqual(draws(new Random('abc'), 20));
    expect(draws(new Random(42), 20)).not.toEqual(draws(new Random(43), 20));
  });

  it('derives a fork from the seed and label only, not from draws already made', () => {
    const fresh = new Random(7).fork('posts');
    const used = new Random(7);
    draws(used, 1000);
    expect(draws(used.fork('posts'), 50)).toEqual(draws(fresh, 50));
  });

  it('makes forks independent of each other and of the parent', () => {
    const parent = new Random(7);
    const a = draws(parent.fork('a'), 50);
    expect(a).not.toEqual(draws(parent.fork('b'), 50));
    expect(a).not.toEqual(draws(new Random(7), 50));
    expect(draws(parent.fork('a').fork('b'), 50)).not.toEqual(draws(parent.fork('b').fork('a'), 50));
    // Drawing from one child leaves its sibling untouched.
    const siblingBefore = draws(parent.fork('b'), 10);
    draws(parent.fork('a'), 100);
    expect(draws(parent.fork('b'), 10)).toEqual(siblingBefore);
  });

  it('draws uniforms in [0, 1) with mean near 1/2', () => {
    const xs = draws(new Random(1), 20_000);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(0.5, 2);
  });

  it('draws integers over the whole closed range and rejects an empty one', () => {
    const rng = new Random(2);
    const seen = new Set(Array.from({ length: 500 }, () => rng.int(3, 6)));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
    expect(() => rng.int(5, 4)).toThrow(/lo=5, hi=4/);
  });

  it('draws normal, log-normal and Poisson values with the right moments', () => {
    const rng = new Random(3);
    const n = 20_000;
    const normals = Array.from({ length: n }, () => rng.normal(10, 2));
    const mean = normals.reduce((s, x) => s + x, 0) / n;
    const sd = Math.sqrt(normals.reduce((s, x) => s + (x - mean) ** 2, 0) / n);
    expect(mean).toBeCloseTo(10, 1);
    expect(sd).toBeCloseTo(2, 1);

    const logs = Array.from({ length: n }, () => rng.logNormal(0, 1)).sort((a, b) => a - b);
    expect(logs[n / 2]!).toBeCloseTo(1, 1);

    for (const lambda of [0.5, 4, 250]) {
      const ks = Array.from({ length: n }, () => rng.poisson(lambda));
      expect(ks.every((k) => Number.isInteger(k) && k >= 0)).toBe(true);
      expect(ks.reduce((s, k) => s + k, 0) / n / lambda).toBeCloseTo(1, 1);
    }
    expect(rng.poisson(0)).toBe(0);
    expect(() => rng.poisson(-1)).toThrow(/-1/);
  });

  it('picks, shuffles in place and draws Bernoulli trials', () => {
    const rng = new Random(4);
    const items = Array.from({ length: 20 }, (_, i) => i);
    const shuffled = rng.shuffle([...items]);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
    expect(items).toContain(rng.pick(items));
    expect(() => rng.pick([])).toThrow(/non-empty/);
    const hits = Array.from({ length: 10_000 }, () => rng.bernoulli(0.2)).filter(Boolean).length;
    expect(hits / 10_000).toBeCloseTo(0.2, 1);
  });
});
