import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Collection } from 'mongodb';
import { UnavailableError } from './errors.js';
import { isDuplicateKey } from './mongo.js';

/** A held lock: one document per locked key, removed on release. */
export interface LockDoc {
  _id: string;
  owner: string;
  at: Date;
}

export interface LockOptions {
  /** A lock held longer than this is taken over: its holder died or stalled. */
  staleMs?: number;
  /** How long to wait for a lock another caller holds before failing with SERVICE_UNAVAILABLE. */
  waitMs?: number;
}

/**
 * Runs `critical` while holding the lock on `key`, a document inserted into `locks`. Inserting a
 * unique `_id` is atomic on MongoDB and FerretDB alike, where a conditional update is not:
 * FerretDB 1.24 reads, changes and writes a document without a transaction, so two concurrent
 * updates filtered on the same revision both succeed and one is lost. A lock older than `staleMs`
 * is taken over, so a holder that stalled past it may still write: writes under the lock should
 * stay conditional (on a revision) as a fence. Released afterwards, on failure too; a release
 * that fails (database gone) leaves the lock to go stale.
 */
export async function withDocumentLock<R>(locks: Collection<LockDoc>, key: string, critical: () => Promise<R>, options: LockOptions = {}): Promise<R> {
  const { staleMs = 5000, waitMs = 30_000 } = options;
  const owner = randomUUID();
  const giveUpAt = Date.now() + waitMs;
  for (let pause = 5; ; pause = Math.min(pause * 2, 200)) {
    try {
      await locks.insertOne({ _id: key, owner, at: new Date() });
      break;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const held = await locks.findOne({ _id: key });
    if (held && Date.now() - held.at.getTime() > staleMs) {
      await locks.deleteOne({ _id: key, owner: held.owner });
      continue;
    }
    if (Date.now() > giveUpAt) throw new UnavailableError(`lock ${key}`, `held by another writer for more than ${waitMs} ms`);
    await sleep(pause);
  }
  try {
    return await critical();
  } finally {
    await locks.deleteOne({ _id: key, owner }).catch(() => undefined);
  }
}
