import { describe, expect, it } from 'vitest';
import { cacheCounters } from '@telepulse/platform/cache-counters';
import { EstimateCache } from '../src/runtime/estimate-cache.js';

describe('EstimateCache', () => {
  it('computes a key once: a repeat and a concurrent request share the first run', async () => {
    const cache = new EstimateCache<number>('estimates:test-once', 4);
    let runs = 0;
    let release!: (value: number) => void;
    const compute = () => {
      runs += 1;
      return new Promise<number>((resolve) => (release = resolve));
    };
    const first = cache.get('a', compute);
    const concurrent = cache.get('a', compute);
    release(7);
    expect(await Promise.all([first, concurrent])).toEqual([7, 7]);
    expect(await cache.get('a', compute)).toBe(7);
    expect(runs).toBe(1);
    expect(cacheCounters()['estimates:test-once']).toMatchObject({ hits: 2, misses: 1, size: 1 });
  });

  it('drops a failed run, so the next request runs again', async () => {
    const cache = new EstimateCache<number>('estimates:test-failure', 4);
    await expect(cache.get('a', () => Promise.reject(new Error('worker died')))).rejects.toThrow('worker died');
    expect(await cache.get('a', () => Promise.resolve(3))).toBe(3);
    expect(cacheCounters()['estimates:test-failure']).toMatchObject({ misses: 2, size: 1 });
  });

  it('keeps at most its capacity, the least recently used dropped first', async () => {
    const cache = new EstimateCache<string>('estimates:test-bound', 2);
    let runs = 0;
    const compute = (key: string) => () => Promise.resolve(`${key}${++runs}`);
    await cache.get('a', compute('a'));
    await cache.get('b', compute('b'));
    await cache.get('a', compute('a'));
    await cache.get('c', compute('c'));
    expect(await cache.get('a', compute('a'))).toBe('a1');
    expect(await cache.get('b', compute('b'))).toBe('b4');
    expect(cacheCounters()['estimates:test-bound']).toMatchObject({ evictions: 2, size: 2 });
  });
});
