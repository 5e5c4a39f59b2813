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
  type FindOptions,
  type IndexDescription,
  type IndexSpecification,
  type OptionalUnlessRequiredId,
} from 'mongodb';
import { assertLive } from './request-deadline.js';
import { UnstorableValueError } from './errors.js';

export interface MongoOptions {
  uri: string;
  /** How long an operation waits for a reachable server before failing (not hanging). */
  serverSelectionTimeoutMs: number;
  /** Emit command events (tests count writes with them). */
  monitorCommands?: boolean;
}

/**
 * Creates a client without connecting: the driver connects on first use and reconnects on
 * its own, so a service starts while MongoDB is down and recovers without a restart. A server
 * that stops answering without closing its connections (frozen, partitioned) is noticed by the
 * driver's monitor, which then fails the operations in flight: checking every timeout (instead
 * of the driver's 10 s) bounds that wait at about twice the timeout.
 */
export function createMongoClient(options: MongoOptions): MongoClient {
  return new MongoClient(options.uri, {
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMs,
    connectTimeoutMS: options.serverSelectionTimeoutMs,
    // The driver's floor is 500 ms.
    heartbeatFrequencyMS: Math.max(500, options.serverSelectionTimeoutMs),
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
  // A bulk write (insertMany) that failed before the server answered (a connection timed out, its
  // pool cleared) throws MongoBulkWriteError around the driver's error, kept as `errorResponse`.
  if (error instanceof MongoBulkWriteError) return isMongoUnavailable(error.errorResponse);
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

/**
 * Creates `indexes` on `collection`, one command each: a no-op for an index that exists with the
 * same options, on both servers. FerretDB 1.24 closes the connection (a panic in its handler,
 * "slice bounds out of range") when one createIndexes command names two or more indexes that
 * exist already, which is every start after the first against the same data; one index per
 * command it answers.
 */
export async function createIndexesOneByOne(collection: Collection<any>, indexes: readonly IndexDescription[]): Promise<void> {
  for (const { key, ...options } of indexes) await collection.createIndex(key as IndexSpecification, options);
}

/**
 * Drops the named indexes where they exist (an index no query uses still costs every write);
 * a missing index or collection is fine.
 */
export async function dropIndexesIfPresent(collection: Collection<any>, names: readonly string[]): Promise<void> {
  for (const name of names) {
    await collection.dropIndex(name).catch((error: unknown) => {
      // 26 NamespaceNotFound, 27 IndexNotFound (MongoDB and FerretDB alike).
      if (![26, 27].includes((error as { code?: number }).code ?? 0)) throw error;
    });
  }
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

/**
 * Most ids findByIdList reads one query each (an `_id` equality with limit 1); more go as one
 * `$in`. Measured on FerretDB 1.24 (SQLite), 1,000 documents of 13 KB: an equality with limit 1
 * costs the server ~1–6 ms (SQLite tests `_id` row by row in C and stops at the match), a `$in`
 * of two ids ~3 s (every document decoded in Go, then filtered): a handful of point reads is
 * far cheaper than one scan. Past about twenty ids the one scan wins; 8 keeps the common case
 * (one request's repeats) in point reads.
 */
export const POINT_READS_MAX = 8;

/**
 * The stored documents of `ids` (missing ones left out): one equality query each for up to
 * POINT_READS_MAX ids, sent together, otherwise one `$in` (see POINT_READS_MAX for why).
 * A `projection` must keep `_id`.
 */
export async function findByIdList<T extends { _id: string }>(collection: Collection<T>, ids: readonly string[], options: Pick<FindOptions, 'projection'> = {}): Promise<T[]> {
  const distinct = [...new Set(ids)];
  if (distinct.length === 0) return [];
  if (distinct.length > POINT_READS_MAX) return (await collection.find(byIds(distinct) as Filter<T>, options).toArray()) as T[];
  const found = await Promise.all(distinct.map((id) => collection.findOne({ _id: id } as Filter<T>, options)));
  return found.filter((doc): doc is NonNullable<typeof doc> => doc !== null) as T[];
}

/**
 * One unordered insert of `docs`; returns the indexes (in `docs`, ascending) of those whose `_id`
 * was stored already (duplicate key), and reads nothing. Any other failure throws, including a
 * write that lost its server part way (then nothing is known written). Checks `signal` first
 * (assertLive).
 */
export async function insertNew<T extends { _id: string }>(collection: Collection<T>, docs: readonly T[], signal: AbortSignal): Promise<number[]> {
  try {
    assertLive(signal);
    await collection.insertMany(docs as OptionalUnlessRequiredId<T>[], { ordered: false });
    return [];
  } catch (error) {
    if (!(error instanceof MongoBulkWriteError) || error.writeErrors === undefined) throw error;
    const failures = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
    // A bulk write that lost its server (a connection timed out or was interrupted) fails with no
    // write errors at all: nothing is known written, so it is a failure, not "all inserted".
    if (failures.length === 0 || isMongoUnavailable(error) || failures.some((f) => f.code !== 11000)) throw error;
    return failures.map((f) => f.index).sort((a, b) => a - b);
  }
}

export interface KeyedWriteCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface KeyedWriteResult<T> extends KeyedWriteCounts {
  /** The documents of the batch that were stored already, as they were before this write. */
  found: ReadonlyMap<string, T>;
}

/**
 * Writes documents keyed by `_id`, insert-first: one unordered insert of the whole batch
 * (insertNew); those already stored (duplicate key) are read back (findByIdList), and the
 * `fields` that differ are `$set` by `_id`. Other fields are written on insert only. A batch of
 * new documents costs one insert and no read: FerretDB (SQLite) scans the collection for every
 * read and update, even by `_id`, but an insert only probes its unique indexes. Re-running is
 * safe, and a document inserted concurrently by another writer is found, never duplicated. `claim(stored)` picks
 * stored documents that count as inserted by this write (written by an interrupted attempt of it).
 * Each write first checks the request's `signal` (assertLive): none is sent once it has aborted.
 */
export async function writeById<T extends { _id: string }>(
  collection: Collection<T>,
  docs: readonly T[],
  fields: readonly (keyof T & string)[],
  {
    signal,
    onInsert = {},
    claim = () => false,
    label = collection.collectionName,
    checked = false,
  }: {
    signal: AbortSignal;
    onInsert?: Partial<T>;
    claim?: (stored: T) => boolean;
    label?: string;
    /** The caller has run `storable` on these documents already (it is not run twice). */
    checked?: boolean;
  },
): Promise<KeyedWriteResult<T>> {
  const result = { inserted: 0, updated: 0, unchanged: 0, found: new Map<string, T>() };
  if (docs.length === 0) return result;
  // `label` names the documents in an UnstorableValueError's field path (`label[i].field`).
  if (!checked) storable(docs, label);

  const duplicates = (await insertNew(collection, docs.map((d) => ({ ...onInsert, ...d })), signal)).map((i) => docs[i]!);
  result.inserted = docs.length - duplicates.length;
  if (duplicates.length === 0) return result;

  // Point reads for a few: a `$in` makes FerretDB (SQLite) decode the whole collection.
  const stored = await findByIdList(collection, duplicates.map((d) => d._id));
  for (const doc of stored) result.found.set(doc._id, doc);
  const changed: T[] = [];
  for (const doc of duplicates) {
    const before = result.found.get(doc._id);
    if (!before) throw new Error(`${collection.collectionName} ${doc._id} was reported stored but cannot be read back`);
    const differs = !fields.every((f) => sameValue(before[f], doc[f]));
    if (differs) changed.push(doc);
    if (claim(before)) result.inserted += 1;
    else if (differs) result.updated += 1;
    else result.unchanged += 1;
  }
  if (changed.length > 0) {
    assertLive(signal);
    await collection.bulkWrite(
      changed.map((d) => ({
        updateOne: { filter: { _id: d._id } as Filter<T>, update: { $set: Object.fromEntries(fields.map((f) => [f, d[f]])) as Partial<T> } },
      })),
      { ordered: false },
    );
  }
  return result;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b || (a == null && b == null);
}

/**
 * Returns `value` once it holds nothing a MongoDB-compatible server cannot take; otherwise throws
 * UnstorableValueError naming the first such field under `path`. FerretDB closes the connection
 * on a NaN (failing every operation in flight on it) and refuses ±Infinity; BSON would store an
 * invalid Date as 1970. Checks numbers, dates, arrays (float arrays too) and plain objects; other values pass.
 */
export function storable<V>(value: V, path: string): V {
  const found = firstUnstorable(value, path);
  if (found) throw new UnstorableValueError(found.path, found.value);
  return value;
}

function firstUnstorable(value: unknown, path: string): { path: string; value: unknown } | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : { path, value };
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? { path, value } : undefined;
  // A model input kept as floats (a served prediction's) is encoded to bytes, where a NaN would pass unseen.
  if (value instanceof Float32Array || value instanceof Float64Array) {
    for (let i = 0; i < value.length; i++) if (!Number.isFinite(value[i]!)) return { path: `${path}[${i}]`, value: value[i] };
    return undefined;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      // Numbers inline, the path built only for what is wrong: a model input is hundreds of
      // numbers per record, and a path string per number was most of this check's cost.
      if (typeof item === 'number') {
        if (!Number.isFinite(item)) return { path: `${path}[${i}]`, value: item };
        continue;
      }
      if (item === null || typeof item !== 'object') continue;
      const found = firstUnstorable(item, `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(value))) {
    for (const [key, item] of Object.entries(value)) {
      const found = firstUnstorable(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}
