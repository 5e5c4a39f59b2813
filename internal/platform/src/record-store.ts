import type { Collection, Filter } from 'mongodb';
import { GroupCommit, type GroupCommitStats } from './group-commit.js';
import { LruCache, type CacheStats } from './lru-cache.js';
import { findByIdList, insertNew, lazyIndexes, storable } from './mongo.js';

/** A record as stored by default: its id as `_id`. */
export type RecordDoc<R extends { id: string }> = Omit<R, 'id'> & { _id: string };

/**
 * How a store's records map to documents and back, for a store that keeps some field in another
 * form (e.g. a model input as bytes: input-bytes-codec.ts).
 * `decode` must read every form `encode` has ever written, and `decode(encode(r))` equal `r`.
 */
export interface RecordCodec<R extends { id: string }, D extends { _id: string }> {
  encode(record: R): D;
  decode(doc: D): R;
}

/** The index `findRecent` reads: newest first, `_id` breaking ties so a page's order is stable. */
export const RECENT_INDEX = { name: 'created_recent', key: { createdAt: -1, _id: -1 } } as const;

export interface RecordStoreOptions {
  /** Names the records in an unstorable value's field path, and the store's cache in metrics; the collection's name by default. */
  label?: string;
  /** Most records held by the by-id cache (0: none). */
  cacheSize?: number;
  /** Most records one group commit writes. */
  maxGroupSize?: number;
}

/** The default codec: the id as `_id`, every other field as it is. */
export function plainRecordCodec<R extends { id: string }>(): RecordCodec<R, RecordDoc<R>> {
  return { encode: toDoc, decode: fromDoc };
}

/** Records kept in memory per store by default: a few MB of predictions. */
export const DEFAULT_RECORD_CACHE_SIZE = 10_000;
/** Records one write carries at most by default (a batch request's 1,000 fits in one). */
export const DEFAULT_MAX_GROUP_SIZE = 2_000;

/** The group write is sent for callers still live when it leaves (GroupCommit drops the others): nothing to abort after. */
const SENT = new AbortController().signal;

/** A group write's answer for a document whose id was stored before it: its caller reads it back. */
const STORED_BEFORE = Symbol('stored before');

/**
 * A collection of records keyed by ids derived from what each was computed from (a served
 * forecast, a viral call): each written once and never updated, read by `_id`, and newest first
 * by `createdAt` (findRecent: the one index besides `_id`'s, created on first use).
 *
 * Writes are group-committed: the records of concurrent `record` calls go out as one unordered
 * insert (GroupCommit), each call answered once that insert has succeeded, every call of a failed
 * one failed with its error. A record that was stored already is read back by the call that sent
 * it, after the group's insert: the next group does not wait for that read (on FerretDB a read by
 * id is a scan of the collection, seconds at tens of thousands of records). Records by id go
 * through a bounded cache, filled by reads and by successful writes: a stored record never
 * changes, so an entry is never stale and is only ever dropped for room; and an id in it is known
 * stored, so asking for it again writes nothing.
 */
export class RecordStore<R extends { id: string; createdAt: Date }, D extends { _id: string } = RecordDoc<R>> {
  private readonly ensureIndexes: () => Promise<void>;
  private readonly label: string;
  private readonly writes: GroupCommit<D, D | typeof STORED_BEFORE>;
  private readonly cache: LruCache<string, R>;

  constructor(
    readonly collection: Collection<D>,
    { label = collection.collectionName, cacheSize = DEFAULT_RECORD_CACHE_SIZE, maxGroupSize = DEFAULT_MAX_GROUP_SIZE }: RecordStoreOptions = {},
    private readonly codec: RecordCodec<R, D> = plainRecordCodec<R>() as unknown as RecordCodec<R, D>,
  ) {
    this.label = label;
    this.ensureIndexes = lazyIndexes(() => collection.createIndex(RECENT_INDEX.key, { name: RECENT_INDEX.name }));
    this.writes = new GroupCommit((docs) => this.writeGroup(docs), { maxGroupSize }, `records:${collection.collectionName}`);
    this.cache = new LruCache(`records:${collection.collectionName}`, cacheSize);
  }

  /** The by-id cache's hits and misses, and the group commits' sizes: for metrics. */
  get stats(): { cache: CacheStats; writes: GroupCommitStats } {
    return { cache: this.cache.stats, writes: this.writes.stats };
  }

  /**
   * Stores records and returns them as stored, once written: one already there (asked before, or
   * by a concurrent request) keeps its first record and is not written again. One this process
   * stored or read is answered from the cache with no database operation; the others go out in
   * one write shared with concurrent calls (insert-first: a repeat the cache did not know costs
   * one failed insert and one point read), so a retry after a failure never duplicates. Nothing
   * is written once `signal` has aborted before the write leaves; an unstorable value fails this
   * call alone (UnstorableValueError).
   */
  async record(records: readonly R[], signal: AbortSignal): Promise<R[]> {
    if (records.length === 0) return [];
    const unique = [...new Map(records.map((r) => [r.id, r])).values()];
    // Checked per call, on the record as it is (before encoding), so one caller's NaN fails that
    // caller and not the group it would join, named by its field path.
    storable(unique.map(toDoc), this.label);
    const answers = new Map<string, R>();
    const fresh: R[] = [];
    for (const record of unique) {
      const known = this.cache.peek(record.id);
      if (known) answers.set(record.id, known);
      else fresh.push(record);
    }
    if (fresh.length > 0) {
      const sent = fresh.map((r) => this.codec.encode(r));
      const outcomes = await this.writes.submit(sent, signal);
      const storedBefore: string[] = [];
      outcomes.forEach((doc, i) => {
        if (doc === STORED_BEFORE) return void storedBefore.push(sent[i]!._id);
        // The document sent comes back when it was inserted: its record is the caller's own.
        const record = doc === sent[i] ? fresh[i]! : this.codec.decode(doc);
        this.cache.set(record.id, record);
        answers.set(record.id, record);
      });
      if (storedBefore.length > 0) {
        const found = await this.findByIds(storedBefore);
        for (const id of storedBefore) {
          const record = found.get(id);
          if (!record) throw new Error(`${this.collection.collectionName} ${id} was reported stored but cannot be read back`);
          answers.set(id, record);
        }
      }
    }
    return records.map((r) => answers.get(r.id)!);
  }

  /** Records by id: from the cache, the rest read (findByIdList); missing ids have no entry. */
  async findByIds(ids: readonly string[]): Promise<Map<string, R>> {
    const found = new Map<string, R>();
    const missing: string[] = [];
    for (const id of ids) {
      const cached = this.cache.get(id);
      if (cached) found.set(id, cached);
      else missing.push(id);
    }
    if (missing.length === 0) return found;
    for (const doc of await findByIdList(this.collection, missing)) {
      const record = this.codec.decode(doc);
      this.cache.set(doc._id, record);
      found.set(doc._id, record);
    }
    return found;
  }

  /** Records created at or after `since`, newest first, at most `limit`: one query on RECENT_INDEX. */
  async findRecent(since: Date, limit: number): Promise<R[]> {
    await this.ensureIndexes();
    const docs = (await this.collection
      .find({ createdAt: { $gte: since } } as unknown as Filter<D>)
      .sort(RECENT_INDEX.key)
      .limit(limit)
      .toArray()) as D[];
    return docs.map((doc) => this.codec.decode(doc));
  }

  /**
   * One group's write, an insert and no read: each distinct id inserted once (the first caller's
   * document), each document answered with the document this insert stored (the very one sent,
   * or the first sent with its id) or STORED_BEFORE when its id was there already.
   */
  private async writeGroup(docs: readonly D[]): Promise<(D | typeof STORED_BEFORE)[]> {
    await this.ensureIndexes();
    const first = new Map<string, D>();
    for (const doc of docs) if (!first.has(doc._id)) first.set(doc._id, doc);
    // Checked by `record` before encoding: encoded fields (bytes) are not checked again here.
    const distinct = [...first.values()];
    const before = new Set((await insertNew(this.collection, distinct, SENT)).map((i) => distinct[i]!._id));
    return docs.map((doc) => (before.has(doc._id) ? STORED_BEFORE : first.get(doc._id)!));
  }
}

function toDoc<R extends { id: string }>({ id, ...rest }: R): RecordDoc<R> {
  return { _id: id, ...rest } as RecordDoc<R>;
}

function fromDoc<R extends { id: string }>({ _id, ...rest }: RecordDoc<R>): R {
  return { id: _id, ...rest } as unknown as R;
}
