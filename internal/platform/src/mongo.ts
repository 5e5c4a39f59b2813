import {
  MongoBulkWriteError,
  MongoClient,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
  type Collection,
  type Db,
  type Filter,
  type OptionalUnlessRequiredId,
} from 'mongodb';
import { assertLive } from './request-deadline.js';

export interface MongoOptions {
  uri: string;
  /** How long an operation waits for a reachable server before failing (not hanging). */
  serverSelectionTimeoutMs: number;
  /** Emit command events (tests count writes with them). */
  monitorCommands?: boolean;
}

/**
 * Creates a client without connecting: the driver connects on first use and reconnects on
 * its own, so a service starts while MongoDB is down and recovers without a restart.
 */
export function createMongoClient(options: MongoOptions): MongoClient {
  return new MongoClient(options.uri, {
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMs,
    connectTimeoutMS: options.serverSelectionTimeoutMs,
    appName: 'telepulse',
    monitorCommands: options.monitorCommands ?? false,
  });
}

/** Pings the server; resolves to the round-trip in ms, rejects when unreachable. */
export async function pingMongo(db: Db): Promise<number> {
  const started = performance.now();
  await db.command({ ping: 1 });
  return performance.now() - started;
}

/** True for driver errors that mean "the database cannot be reached now", as opposed to a bad query. */
export function isMongoUnavailable(error: unknown): boolean {
  return (
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNetworkError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoTopologyClosedError
  );
}

/**
 * Index creation on first use: `create` runs once, on the first call; when it fails (MongoDB
 * unreachable) the failure is forgotten, so the next call tries again instead of failing for good.
 */
export function lazyIndexes(create: () => Promise<unknown>): () => Promise<void> {
  let created: Promise<void> | undefined;
  return () =>
    (created ??= create().then(
      () => undefined,
      (error: unknown) => {
        created = undefined;
        throw error;
      },
    ));
}

/** Duplicate-key error (E11000), raised by unique indexes. */
export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

/**
 * A filter on `_id` for one or many keys. One key is an equality, not `$in`: FerretDB (SQLite)
 * pushes `_id` equality down to its primary key but scans the whole collection for `$in`.
 */
export function byIds<K>(ids: readonly K[]): { _id: K | { $in: K[] } } {
  return ids.length === 1 ? { _id: ids[0]! } : { _id: { $in: [...ids] } };
}

export interface KeyedWriteCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/**
 * Writes documents keyed by `_id`: inserts the new ones, `$set`s the fields of those that
 * changed, leaves identical ones alone. It reads the batch's stored documents in one query and
 * writes by `_id` only: FerretDB pushes down nothing but `_id` equality, so an upsert filtered on
 * other fields would scan the whole collection once per document. A document inserted
 * concurrently by another writer (duplicate key) is updated instead, so re-running is safe.
 * Each write first checks the request's `signal` (assertLive): none is sent once it has aborted.
 * `onInsert`: fields set on new documents only.
 */
export async function writeById<T extends { _id: string }>(
  collection: Collection<T>,
  docs: readonly T[],
  fields: readonly (keyof T & string)[],
  { signal, onInsert = {} }: { signal: AbortSignal; onInsert?: Partial<T> },
): Promise<KeyedWriteCounts> {
  const counts: KeyedWriteCounts = { inserted: 0, updated: 0, unchanged: 0 };
  if (docs.length === 0) return counts;
  const found = await collection.find(byIds(docs.map((d) => d._id)) as Filter<T>).toArray();
  const stored = new Map(found.map((d) => [d._id as string, d as unknown as T]));
  const fresh = docs.filter((d) => !stored.has(d._id));
  const changed = docs.filter((d) => stored.has(d._id) && !fields.every((f) => sameValue(stored.get(d._id)![f], d[f])));
  counts.unchanged = docs.length - fresh.length - changed.length;

  const raced: T[] = [];
  if (fresh.length > 0) {
    try {
      assertLive(signal);
      await collection.insertMany(fresh.map((d) => ({ ...onInsert, ...d })) as OptionalUnlessRequiredId<T>[], { ordered: false });
      counts.inserted = fresh.length;
    } catch (error) {
      if (!(error instanceof MongoBulkWriteError) || error.writeErrors === undefined) throw error;
      const failures = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
      if (failures.some((f) => f.code !== 11000)) throw error;
      const failed = new Set(failures.map((f) => f.index));
      counts.inserted = fresh.length - failed.size;
      fresh.forEach((d, i) => failed.has(i) && raced.push(d));
    }
  }
  const updates = [...changed, ...raced];
  if (updates.length > 0) {
    assertLive(signal);
    await collection.bulkWrite(
      updates.map((d) => ({
        updateOne: { filter: { _id: d._id } as Filter<T>, update: { $set: Object.fromEntries(fields.map((f) => [f, d[f]])) as Partial<T> } },
      })),
      { ordered: false },
    );
    counts.updated = updates.length;
  }
  return counts;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b || (a == null && b == null);
}
