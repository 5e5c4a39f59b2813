import { describe, expect, it } from 'vitest';
import { dedupKey, InFlightDedup } from '../../src/transport/inflight-dedup.js';

const copy = <T>(answer: T): T => structuredClone(answer);

/** A send whose answer the test decides, counting how often it was called. */
function controlledSend<T>() {
  const calls: { resolve: (value: T) => void; reject: (error: Error) => void }[] = [];
  const send = () => new Promise<T>((resolve, reject) => calls.push({ resolve, reject }));
  return { send, calls };
}

describe('in-flight deduplication', () => {
  it('sends once for fetches of one key in flight together, and gives each its own copy of the answer', async () => {
    const dedup = new InFlightDedup<{ data: { n: number[] } }>();
    const { send, calls } = controlledSend<{ data: { n: number[] } }>();
    const answers = [dedup.share('k', send, copy), dedup.share('k', send, copy), dedup.share('k', send, copy)];
    expect(calls).toHaveLength(1);
    calls[0]!.resolve({ data: { n: [1] } });
    const [first, second, third] = await Promise.all(answers);
    expect([first, second, third]).toEqual([{ data: { n: [1] } }, { data: { n: [1] } }, { data: { n: [1] } }]);
    // The gateway merges into answers in place: one fetch's changes never reach another's.
    first!.data.n.push(2);
    expect(second!.data.n).toEqual([1]);
    expect(third!.data.n).toEqual([1]);
    expect(dedup.counters).toEqual({ hits: 2, misses: 1 });
  });

  it('shares a failure with exactly the fetches that joined, and keeps nothing once it is answered', async () => {
    const dedup = new InFlightDedup<string>();
    const { send, calls } = controlledSend<string>();
    const failed = [dedup.share('k', send, copy), dedup.share('k', send, copy)];
    calls[0]!.reject(new Error('subgraph down'));
    for (const outcome of await Promise.allSettled(failed)) expect(outcome).toMatchObject({ status: 'rejected', reason: { message: 'subgraph down' } });
    expect(dedup.size).toBe(0);
    const later = dedup.share('k', send, copy);
    expect(calls).toHaveLength(2);
    calls[1]!.resolve('fine');
    expect(await later).toBe('fine');
  });

  it('keys by caller (subject and scopes, in any order), document and variables', () => {
    const ana = { subject: 'ana', scopes: ['predict', 'admin'] };
    const base = dedupKey({ query: '{ a }', variables: { id: 1 }, identity: ana });
    expect(dedupKey({ query: '{ a }', variables: { id: 1 }, identity: { subject: 'ana', scopes: ['admin', 'predict'] } })).toBe(base);
    for (const other of [
      { query: '{ a }', variables: { id: 1 }, identity: { subject: 'bob', scopes: ['predict', 'admin'] } },
      { query: '{ a }', variables: { id: 1 }, identity: { subject: 'ana', scopes: ['predict'] } },
      { query: '{ a }', variables: { id: 1 }, identity: null },
      { query: '{ b }', variables: { id: 1 }, identity: ana },
      { query: '{ a }', variables: { id: 2 }, identity: ana },
    ]) {
      expect(dedupKey(other)).not.toBe(base);
    }
  });
});
