import type { Collection, Filter } from 'mongodb';
import { byIds, lazyIndexes, writeById } from './mongo.js';

/** A record as stored: its id as `_id`. */
export type RecordDoc<R extends { id: string }> = Omit<R, 'id'> & { _id: string };

/** The index `findRecent` reads: newest first, `_id` breaking ties so a page's order is stable. */
export const RECENT_INDEX = { name: 'created_recent', key: { createdAt: -1, _id: -1 } } as const;

/**
 * A collection of records keyed by ids derived from what each was computed from (a served
 * forecast, a viral call): each written once and never updated, read by `_id`, and newest first
 * by `createdAt` (findRecent: the one index besides `_id`'s, created on first use).
 */
export class RecordStore<R extends { id: string; createdAt: Date }> {
  private readonly ensureIndexes: () => Promise<void>;

  /** `label` names the records in an unstorable value's field path; the collection's name by default. */
  constructor(
    readonly collection: Collection<RecordDoc<R>>,
    private readonly label = collection.collectionName,
  ) {
    this.ensureIndexes = lazyIndexes(() => collection.createIndex(RECENT_INDEX.key, { name: RECENT_INDEX.name }));
  }

  /**
   * Stores records in one write and returns them as stored: one already there (asked before, or
   * by a concurrent request) keeps its first record and is not written again. Insert-first: new
   * records are one write, repeats one failed insert and one read. Nothing is written once
   * `signal` has aborted.
   */
  async record(records: readonly R[], signal: AbortSignal): Promise<R[]> {
    if (records.length === 0) return [];
    await this.ensureIndexes();
    const unique = [...new Map(records.map((r) => [r.id, toDoc(r)])).values()];
    const { found } = await writeById(this.collection, unique, [], { signal, label: this.label });
    return records.map((r) => {
      const stored = found.get(r.id);
      return stored ? fromDoc(stored) : r;
    });
  }

  /** Records by id in one query; missing ids have no entry. */
  async findByIds(ids: readonly string[]): Promise<Map<string, R>> {
    const docs = (await this.collection.find(byIds(ids) as never).toArray()) as RecordDoc<R>[];
    return new Map(docs.map((doc) => [doc._id, fromDoc(doc)]));
  }

  /** Records created at or after `since`, newest first, at most `limit`: one query on RECENT_INDEX. */
  async findRecent(since: Date, limit: number): Promise<R[]> {
    await this.ensureIndexes();
    const docs = (await this.collection
      .find({ createdAt: { $gte: since } } as Filter<RecordDoc<R>>)
      .sort(RECENT_INDEX.key)
      .limit(limit)
      .toArray()) as RecordDoc<R>[];
    return docs.map(fromDoc);
  }
}

function toDoc<R extends { id: string }>({ id, ...rest }: R): RecordDoc<R> {
  return { _id: id, ...rest } as RecordDoc<R>;
}

function fromDoc<R extends { id: string }>({ _id, ...rest }: RecordDoc<R>): R {
  return { id: _id, ...rest } as unknown as R;
}
