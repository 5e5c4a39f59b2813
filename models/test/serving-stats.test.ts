import { describe, expect, it } from 'vitest';
import { DynamicBatcher } from '../src/runtime/dynamic-batcher.js';
import { SERVING_STATS_WINDOW, ServingStats } from '../src/runtime/serving-stats.js';

const T0 = new Date('2026-01-01T00:00:00Z');

/** A clock that reads `T0` plus one minute per read after the first. */
function minutes() {
  let reads = 0;
  return () => new Date(T0.getTime() + 60_000 * reads++);
}

describe('ServingStats', () => {
  it('starts at zero, with no percentiles before any run', () => {
    const stats = new ServingStats({ model: 'engagement', version: '1.0.0', now: () => T0 });
    expect(stats.snapshot()).toEqual({
      model: 'engagement',
      version: '1.0.0',
      since: T0,
      items: 0,
      runs: 0,
      failures: 0,
      latencyP50Ms: null,
      latencyP99Ms: null,
      meanBatchSize: null,
    });
  });

  it('counts rows of successful runs, every run, and the failed ones; failures stay out of the latency', () => {
    const stats = new ServingStats({ model: 'm', version: 'v' });
    stats.runEnded(3, 10, false);
    stats.runEnded(5, 9_999, true);
    stats.runEnded(1, 20, false);
    expect(stats.snapshot()).toMatchObject({ items: 4, runs: 3, failures: 1, latencyP50Ms: 10, latencyP99Ms: 20, meanBatchSize: 2 });
  });

  it('gives nearest-rank percentiles over the runs in the ring, whatever order they came in', () => {
    const stats = new ServingStats({ model: 'm', version: 'v' });
    // 1..100 ms, shuffled deterministically (37 is coprime with 100).
    for (let i = 0; i < 100; i += 1) stats.runEnded(1, ((i * 37) % 100) + 1, false);
    expect(stats.snapshot()).toMatchObject({ latencyP50Ms: 50, latencyP99Ms: 99, meanBatchSize: 1 });
    stats.runEnded(1, 1_000, false);
    // 101 values: rank ceil(50.5) = 51 and ceil(99.99) = 100.
    expect(stats.snapshot()).toMatchObject({ latencyP50Ms: 51, latencyP99Ms: 100 });
  });

  it('forgets the oldest runs once the ring wraps around, while the counters keep every run', () => {
    const stats = new ServingStats({ model: 'm', version: 'v', window: 4 });
    for (const [size, ms] of [[10, 1000], [10, 1000], [1, 1], [2, 2]] as const) stats.runEnded(size, ms, false);
    expect(stats.snapshot()).toMatchObject({ latencyP50Ms: 2, latencyP99Ms: 1000, meanBatchSize: 23 / 4 });
    // Two more runs push out both slow ten-row ones.
    stats.runEnded(3, 3, false);
    stats.runEnded(4, 4, false);
    expect(stats.snapshot()).toMatchObject({ items: 30, runs: 6, latencyP50Ms: 2, latencyP99Ms: 4, meanBatchSize: 10 / 4 });
    // Many laps later the ring still describes exactly its last four runs.
    for (let i = 1; i <= 4 * 25 + 2; i += 1) stats.runEnded(i % 7, i, false);
    expect(stats.snapshot()).toMatchObject({ runs: 108, latencyP50Ms: 100, latencyP99Ms: 102, meanBatchSize: ((99 % 7) + (100 % 7) + (101 % 7) + (102 % 7)) / 4 });
  });

  it('keeps 1,024 runs by default', () => {
    const stats = new ServingStats({ model: 'm', version: 'v' });
    for (let i = 0; i < SERVING_STATS_WINDOW; i += 1) stats.runEnded(1, 1, false);
    stats.runEnded(1, 500, false);
    stats.runEnded(1, 500, false);
    // 1,024 runs in the ring, 2 of them slow: the p99 (rank 1,014) is still fast.
    expect(stats.snapshot()).toMatchObject({ runs: SERVING_STATS_WINDOW + 2, latencyP99Ms: 1 });
    for (let i = 0; i < 9; i += 1) stats.runEnded(1, 500, false);
    // 11 slow of 1,024: rank 1,014 reaches them.
    expect(stats.snapshot().latencyP99Ms).toBe(500);
  });

  it('restarts every counter under a new `since` before one would pass the limit (GraphQL Int), keeping the ring', () => {
    const stats = new ServingStats({ model: 'm', version: 'v', counterLimit: 10, now: minutes() });
    const first = stats.snapshot().since;
    for (let i = 0; i < 3; i += 1) stats.runEnded(3, 5, false);
    stats.runEnded(1, 5, true);
    expect(stats.snapshot()).toMatchObject({ since: first, items: 9, runs: 4, failures: 1 });
    stats.runEnded(2, 7, false);
    const after = stats.snapshot();
    expect(after).toMatchObject({ items: 2, runs: 1, failures: 0, latencyP99Ms: 7, meanBatchSize: 11 / 4 });
    expect(after.since.getTime()).toBeGreaterThan(first.getTime());
  });

  it('refuses a window or limit it cannot honour, naming the value', () => {
    expect(() => new ServingStats({ model: 'm', version: 'v', window: 0 })).toThrow('serving stats window must be a whole number >= 1, got 0');
    expect(() => new ServingStats({ model: 'm', version: 'v', counterLimit: 2 ** 31 })).toThrow(/counterLimit must be a whole number in 1\.\.2147483647, got 2147483648/);
  });
});

describe('DynamicBatcher reporting runs to an observer', () => {
  it('reports each run with its size, a latency from its first request, and whether it failed', async () => {
    const runs: [number, number, boolean][] = [];
    let fail = false;
    const batcher = new DynamicBatcher<number, number>(
      async (inputs) => {
        if (fail) throw new Error('worker died');
        return inputs.map((x) => x * 2);
      },
      { maxBatchSize: 2, maxQueueDelayMs: 1 },
      { runEnded: (size, latencyMs, failed) => runs.push([size, latencyMs, failed]) },
    );
    expect(await Promise.all([1, 2, 3].map((x) => batcher.submit(x)))).toEqual([2, 4, 6]);
    fail = true;
    await expect(batcher.submit(4)).rejects.toThrow('worker died');
    expect(runs.map(([size, , failed]) => [size, failed])).toEqual([
      [2, false],
      [1, false],
      [1, true],
    ]);
    for (const [, latencyMs] of runs) expect(latencyMs).toBeGreaterThan(0);
  });

  it('feeds ServingStats: the counters move by the rows and runs the batcher made', async () => {
    const stats = new ServingStats({ model: 'm', version: 'v' });
    const batcher = new DynamicBatcher<number, number>(async (inputs) => inputs, { maxBatchSize: 64, maxQueueDelayMs: 0 }, stats);
    await Promise.all([1, 2, 3, 4, 5].map((x) => batcher.submit(x)));
    await batcher.submit(6);
    expect(stats.snapshot()).toMatchObject({ items: 6, runs: 2, failures: 0, meanBatchSize: 3 });
    expect(stats.snapshot().latencyP50Ms).toBeGreaterThanOrEqual(0);
  });
});
