import { describe, expect, it } from 'vitest';
import { SharedVersionChecks } from '../src/clients/version-checks.js';

const trace = { requestId: 'r', via: ['gateway'] };
const live = { trace, signal: new AbortController().signal };

/**
 * A versions source whose reads the test finishes by hand: each read answers the versions as
 * they were when it began (what a real read may return while an ingest lands meanwhile).
 */
function versionsSource(initial: Record<string, number>) {
  const current = new Map(Object.entries(initial));
  const reads: { ids: string[]; signal: AbortSignal; finish: () => void; fail: (error: Error) => void }[] = [];
  const read = (ids: string[], { signal }: { signal: AbortSignal }) =>
    new Promise<ReadonlyMap<string, number | null>>((resolve, reject) => {
      const seen = new Map(ids.map((id) => [id, current.get(id) ?? null] as const));
      // As a fetch does: the read ends with the signal.
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      reads.push({ ids, signal, finish: () => resolve(seen), fail: reject });
    });
  /** Waits until `n` reads have begun (the checks start at the end of a tick). */
  const begun = async (n: number) => {
    while (reads.length < n) await new Promise((resolve) => setImmediate(resolve));
  };
  return { current, reads, read, begun };
}

describe('shared version checks', () => {
  it('concurrent requests share one check, each answered with its own channels in order', async () => {
    const source = versionsSource({ a: 1, b: 2, c: 3 });
    const checks = new SharedVersionChecks(source.read);
    const answers = Promise.all([checks.versions(['a', 'b'], live), checks.versions(['c', 'a', 'gone'], live)]);
    await source.begun(1);
    expect(source.reads[0]!.ids).toEqual(['a', 'b', 'c', 'gone']);
    source.reads[0]!.finish();
    expect(await answers).toEqual([
      [1, 2],
      [3, 1, null],
    ]);
    expect(checks.stats).toEqual({ checks: 1, requests: 2 });
  });

  it('a request arriving while a check is in flight waits for the next one: it sees a version stamped before it asked', async () => {
    const source = versionsSource({ a: 1, b: 1 });
    const checks = new SharedVersionChecks(source.read);
    const first = checks.versions(['a'], live);
    await source.begun(1);
    // An ingest into `a` is acknowledged (its stamp written) while the first check is in flight; then two requests ask.
    source.current.set('a', 2);
    const second = checks.versions(['a'], live);
    const third = checks.versions(['b'], live);
    source.reads[0]!.finish();
    expect(await first).toEqual([1]);
    await source.begun(2);
    // One check carries both requests that arrived during the first.
    expect(source.reads[1]!.ids).toEqual(['a', 'b']);
    source.reads[1]!.finish();
    expect(await second).toEqual([2]);
    expect(await third).toEqual([1]);
    expect(checks.stats).toEqual({ checks: 2, requests: 3 });
  });

  it('a failed check fails the requests it carried; the next check serves the requests after it', async () => {
    const source = versionsSource({ a: 1 });
    const checks = new SharedVersionChecks(source.read);
    const failed = checks.versions(['a'], live);
    await source.begun(1);
    const after = checks.versions(['a'], live);
    source.reads[0]!.fail(new Error('gateway down'));
    await expect(failed).rejects.toThrow('gateway down');
    await source.begun(2);
    source.reads[1]!.finish();
    expect(await after).toEqual([1]);
  });

  it('a request whose deadline passed while it waited is dropped from the next check, with its error', async () => {
    const source = versionsSource({ a: 1, b: 1 });
    const checks = new SharedVersionChecks(source.read);
    const first = checks.versions(['a'], live);
    await source.begun(1);
    const ended = new AbortController();
    const abandoned = checks.versions(['b'], { trace, signal: ended.signal });
    const waiting = checks.versions(['a'], live);
    ended.abort();
    source.reads[0]!.finish();
    await first;
    await expect(abandoned).rejects.toMatchObject({ code: 'CANCELLED' });
    await source.begun(2);
    expect(source.reads[1]!.ids).toEqual(['a']);
    source.reads[1]!.finish();
    expect(await waiting).toEqual([1]);
  });

  it('a check in flight goes on while one of its requests is there, and is aborted once every one has gone', async () => {
    const source = versionsSource({ a: 1, b: 1 });
    const checks = new SharedVersionChecks(source.read);
    const one = new AbortController();
    const two = new AbortController();
    const first = checks.versions(['a'], { trace, signal: one.signal });
    const second = checks.versions(['b'], { trace, signal: two.signal });
    await source.begun(1);
    one.abort(new Error('first client gone'));
    expect(source.reads[0]!.signal.aborted).toBe(false);
    two.abort(new Error('second client gone'));
    expect(source.reads[0]!.signal.aborted).toBe(true);
    await expect(first).rejects.toThrow('first client gone');
    await expect(second).rejects.toThrow('first client gone');
    // The next request gets a check of its own.
    const next = checks.versions(['a'], live);
    await source.begun(2);
    source.reads[1]!.finish();
    expect(await next).toEqual([1]);
  });
});
