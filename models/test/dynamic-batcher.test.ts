import { describe, expect, it } from 'vitest';
import { DynamicBatcher } from '../src/runtime/dynamic-batcher.js';

/** A batch function that records every call it receives. */
function recorder() {
  const calls: number[][] = [];
  const run = async (inputs: readonly number[]) => {
    calls.push([...inputs]);
    return inputs.map((x) => x * 10);
  };
  return { calls, run };
}

describe('DynamicBatcher', () => {
  it('coalesces requests arriving within the queue delay into one run and answers each with its own output', async () => {
    const { calls, run } = recorder();
    const batcher = new DynamicBatcher(run, { maxBatchSize: 64, maxQueueDelayMs: 5 });
    const results = await Promise.all([1, 2, 3].map((x) => batcher.submit(x)));
    expect(results).toEqual([10, 20, 30]);
    expect(calls).toEqual([[1, 2, 3]]);
    expect(batcher.stats).toEqual({ batches: 1, requests: 3, largestBatch: 3 });
  });

  it('never runs more than maxBatchSize at once', async () => {
    const { calls, run } = recorder();
    const batcher = new DynamicBatcher(run, { maxBatchSize: 2, maxQueueDelayMs: 5 });
    await Promise.all([1, 2, 3, 4, 5].map((x) => batcher.submit(x)));
    expect(calls).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('does not hold a request past its queue delay: later requests form a new batch', async () => {
    const { calls, run } = recorder();
    const batcher = new DynamicBatcher(run, { maxBatchSize: 64, maxQueueDelayMs: 5 });
    const early = batcher.submit(1);
    await early;
    await Promise.all([batcher.submit(2), batcher.submit(3)]);
    expect(calls).toEqual([[1], [2, 3]]);
  });

  it('with no delay, batches what arrives in the same tick', async () => {
    const { calls, run } = recorder();
    const batcher = new DynamicBatcher(run, { maxBatchSize: 64, maxQueueDelayMs: 0 });
    await Promise.all([batcher.submit(1), batcher.submit(2)]);
    expect(calls).toEqual([[1, 2]]);
  });

  it('tells its observer of each run: size, failure, and the queue wait as the part of the latency before the run started', async () => {
    const runs: { size: number; latencyMs: number; failed: boolean; queueMs: number }[] = [];
    let fail = false;
    const batcher = new DynamicBatcher<number, number>(
      async (inputs) => {
        if (fail) throw new Error('worker died');
        return inputs.map((x) => x * 10);
      },
      { maxBatchSize: 8, maxQueueDelayMs: 1 },
      { runEnded: (size, latencyMs, failed, queueMs) => void runs.push({ size, latencyMs, failed, queueMs }) },
    );
    await Promise.all([batcher.submit(1), batcher.submit(2)]);
    fail = true;
    await batcher.submit(3).catch(() => undefined);
    expect(runs.map(({ size, failed }) => ({ size, failed }))).toEqual([
      { size: 2, failed: false },
      { size: 1, failed: true },
    ]);
    for (const run of runs) {
      expect(run.queueMs).toBeGreaterThanOrEqual(0);
      expect(run.queueMs).toBeLessThanOrEqual(run.latencyMs);
    }
  });

  it('fails every request of a batch whose run fails', async () => {
    const batcher = new DynamicBatcher<number, number>(async () => { throw new Error('worker died'); }, { maxBatchSize: 8, maxQueueDelayMs: 1 });
    const results = await Promise.allSettled([batcher.submit(1), batcher.submit(2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('rejects options it cannot honour, naming the value', () => {
    expect(() => new DynamicBatcher(async (x: readonly number[]) => x, { maxBatchSize: 0, maxQueueDelayMs: 1 })).toThrow('maxBatchSize must be a whole number >= 1, got 0');
    expect(() => new DynamicBatcher(async (x: readonly number[]) => x, { maxBatchSize: 4, maxQueueDelayMs: -1 })).toThrow('maxQueueDelayMs must be >= 0, got -1');
  });
});
