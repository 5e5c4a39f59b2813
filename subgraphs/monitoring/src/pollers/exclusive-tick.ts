/**
 * A poller's tick run by one replica of monitoring at a time. The pollers keep their state in
 * `poller_state` (the serving counters and feedback cursor each tick starts from and saves), so
 * two replicas ticking together would both read the same state and record overlapping
 * differences. Each tick takes the poller's lock first (`poller_locks`, document-lock.ts: the
 * insert of a unique `_id`, atomic on FerretDB too); a replica that finds it held skips its
 * tick: another replica is doing that very work now, and the next tick reads what it saved.
 * A lock left by a replica that died mid-tick is taken over after LOCK_STALE_MS.
 */
import type { Collection, Db } from 'mongodb';
import { withDocumentLock, type LockDoc } from '@telepulse/platform/document-lock';
import { UnavailableError } from '@telepulse/platform/errors';
import type { ReadScope } from '@telepulse/platform/supergraph-client';

/** Longer than any tick takes (a tick's reads end at the gateway's deadline, 30 s by default). */
export const LOCK_STALE_MS = 120_000;

export type Tick = (scope: ReadScope) => Promise<void>;

/** The locks of monitoring's pollers, one document per poller while one of its ticks runs. */
export const pollerLocks = (db: Db): Collection<LockDoc> => db.collection<LockDoc>('poller_locks');

/** `tick` run only while holding the lock of `poller`; skipped (resolves, nothing done) while another replica holds it. `skipped` counts those. */
export function exclusiveTick(locks: Collection<LockDoc>, poller: string, tick: Tick): Tick & { readonly skipped: number } {
  let skipped = 0;
  const run = async (scope: ReadScope) => {
    let ran = false;
    try {
      await withDocumentLock(
        locks,
        `poll:${poller}`,
        () => {
          ran = true;
          return tick(scope);
        },
        { staleMs: LOCK_STALE_MS, waitMs: 0 },
      );
    } catch (error) {
      if (ran || !(error instanceof UnavailableError)) throw error;
      skipped += 1;
    }
  };
  return Object.defineProperty(run, 'skipped', { get: () => skipped }) as Tick & { readonly skipped: number };
}
