import { describe, expect, it } from 'vitest';
import { DeadlineExceededError } from '../src/errors.js';
import { GroupCommit } from '../src/group-commit.js';

const live = new AbortController().signal;

/** A write that records what each call carried and finishes when the test says so. */
function heldWrite() {
  const calls: string[][] = [];
  const pending: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  const write = (items: readonly string[]) => {
    calls.push([...items]);
    return new Promise<string[]>((resolve, reject) => pending.push({ resolve: () => resolve(items.map((i) => i.toUpperCase())), reject }));
  };
  const started = async (n: number) => {
    while (calls.length < n) await new Promise((r) => setImmediate(r));
  };
  return { calls, pending, write, started };
}

describe('GroupCommit', () => {
  it('writes the callers of one tick together and answers each with its own outputs', async () => {
    const w = heldWrite();
    const group = new GroupCommit(w.write, { maxGroupSize: 100 });
    const a = group.submit(['a1', 'a2'], live);
    const b = group.submit(['b1'], live);
    await w.started(1);
    w.pending[0]!.resolve();
    expect(await a).toEqual(['A1', 'A2']);
    expect(await b).toEqual(['B1']);
    expect(w.calls).toEqual([['a1', 'a2', 'b1']]);
    expect(group.stats).toEqual({ groups: 1, callers: 2, items: 3, largestGroup: 3 });
  });

  it('queues callers arriving while a write is in flight and sends them together in the next one', async () => {
    const w = heldWrite();
    const group = new GroupCommit(w.write, { maxGroupSize: 100 });
    const a = group.submit(['a'], live);
    await w.started(1);
    const b = group.submit(['b'], live);
    const c = group.submit(['c'], live);
    await new Promise((r) => setImmediate(r));
    expect(w.calls).toEqual([['a']]);
    w.pending[0]!.resolve();
    expect(await a).toEqual(['A']);
    await w.started(2);
    expect(w.calls).toEqual([['a'], ['b', 'c']]);
    w.pending[1]!.resolve();
    expect([await b, await c]).toEqual([['B'], ['C']]);
  });

  it('fails exactly the callers of the failed write: those of the next write are answered', async () => {
    const w = heldWrite();
    const group = new GroupCommit(w.write, { maxGroupSize: 100 });
    const a = group.submit(['a'], live);
    const b = group.submit(['b'], live);
    await w.started(1);
    const c = group.submit(['c'], live);
    const failure = new Error('connection lost');
    w.pending[0]!.reject(failure);
    await expect(a).rejects.toBe(failure);
    await expect(b).rejects.toBe(failure);
    await w.started(2);
    w.pending[1]!.resolve();
    expect(await c).toEqual(['C']);
  });

  it('never splits a caller and keeps a write within maxGroupSize items when callers allow it', async () => {
    const w = heldWrite();
    const group = new GroupCommit(w.write, { maxGroupSize: 3 });
    const all = [group.submit(['a1', 'a2'], live), group.submit(['b1', 'b2'], live), group.submit(['c1', 'c2', 'c3', 'c4'], live)];
    for (let n = 1; n <= 3; n++) {
      await w.started(n);
      w.pending[n - 1]!.resolve();
    }
    await Promise.all(all);
    expect(w.calls).toEqual([['a1', 'a2'], ['b1', 'b2'], ['c1', 'c2', 'c3', 'c4']]);
  });

  it('drops a caller whose request ended before its write left, with the request\'s error, and writes nothing of it', async () => {
    const w = heldWrite();
    const group = new GroupCommit(w.write, { maxGroupSize: 100 });
    const ended = new AbortController();
    const a = group.submit(['a'], ended.signal).catch((error: unknown) => error);
    const b = group.submit(['b'], live);
    ended.abort(new DeadlineExceededError(10));
    await w.started(1);
    w.pending[0]!.resolve();
    expect(await a).toBeInstanceOf(DeadlineExceededError);
    expect(await b).toEqual(['B']);
    expect(w.calls).toEqual([['b']]);
  });

  it('refuses a maxGroupSize that is not a whole number >= 1', () => {
    expect(() => new GroupCommit(async () => [], { maxGroupSize: 0 })).toThrow('maxGroupSize must be a whole number >= 1, got 0');
  });
});
