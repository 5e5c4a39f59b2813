import type { Collection, Db } from 'mongodb';
import { withDocumentLock, type LockDoc } from '@telepulse/platform/document-lock';
import { UnavailableError } from '@telepulse/platform/errors';
import { byIds, createIndexesOneByOne, isDuplicateKey, lazyIndexes, storable } from '@telepulse/platform/mongo';
import { assertLive } from '@telepulse/platform/request-deadline';
import type { FeedbackRecord, NewFeedback } from '../domain/feedback.js';
import type { RecordOutcome } from '../domain/submit-feedback.js';

/** A feedback item as stored: its id as `_id`, and `slot` (its prediction's id) unique. */
export type FeedbackDoc = Omit<FeedbackRecord, 'id'> & { _id: string; slot: string };

/**
 * How long a write lock may be held before another writer takes it over (its holder died or
 * stalled). Short, because order does not depend on it: a stalled writer that writes after a
 * takeover fails on the unique `{modelId, seq}` or `slot` (see the class comment).
 */
export const WRITE_LOCK_STALE_MS = 10_000;

/** A model's last position as its writers left it (`feedback_sequences`): where the next item's `seq` starts. */
export interface SequenceDoc {
  _id: string;
  seq: number;
}

/** What a write under the locks ran into: something of it was stored already, or its positions were taken. */
const COLLIDED = Symbol('collided');

/**
 * `feedback`: every item, one per prediction. Three indexes, each checked on FerretDB 1.24 and
 * MongoDB: `slot` unique (one outcome per prediction, even against a writer that lost its lock),
 * `{modelId, seq}` unique (a model's arrival order: the cursor of feedbackErrors), and
 * `{processedBy, modelId}` (claiming and reading back a processing batch).
 *
 * New items are written under the model's lock (`feedback_locks`, document-lock.ts: an insert,
 * atomic on both servers, where FerretDB's conditional updates are not), which makes one writer
 * per model at a time: it gives its items the positions after the model's last one and inserts
 * them in one ordered insert. So items become visible in `seq` order, and a reader paging by
 * `seq` never sees a later item before an earlier one. A writer that stalled past
 * WRITE_LOCK_STALE_MS and writes after another took the lock over fails on the unique
 * `{modelId, seq}` (its numbers were given again) or `slot` (another outcome was stored): the
 * fence that keeps the order and one outcome per prediction. Its numbers succeed only when no
 * one took them, and then no reader has read past them either.
 *
 * What a write reads is kept small because FerretDB answers every read but an `_id` equality by
 * decoding the whole collection (about 1 s per read with 20,000 items here). The last position
 * is a counter per model (`feedback_sequences`, one small document each) that the writer sets
 * after its insert; the unique `{modelId, seq}` catches a counter left behind (a write cut off
 * between its insert and the counter, data from before the counter), and the write is then
 * done again from the items' own highest `seq`. A lone item is inserted without looking first:
 * the unique `slot` refuses a second outcome, and only then is it looked up: by its id first (a
 * retry), then by its prediction. A batch reads the stored outcomes first (one read), so that a
 * conflict in it writes nothing.
 */
export class FeedbackStore {
  readonly items: Collection<FeedbackDoc>;
  readonly locks: Collection<LockDoc>;
  readonly sequences: Collection<SequenceDoc>;
  private readonly ensureIndexes: () => Promise<void>;

  constructor(db: Db) {
    this.items = db.collection('feedback');
    this.locks = db.collection('feedback_locks');
    this.sequences = db.collection('feedback_sequences');
    this.ensureIndexes = lazyIndexes(() =>
      createIndexesOneByOne(this.items, [
        { key: { slot: 1 }, name: 'one_per_prediction', unique: true },
        { key: { modelId: 1, seq: 1 }, name: 'model_sequence', unique: true },
        { key: { processedBy: 1, modelId: 1 }, name: 'processing_batch' },
      ]),
    );
  }

  /**
   * Stores new items in arrival order and returns every item as stored: one already there with
   * the same outcome (same id) is returned as first stored and not written again; when any
   * item's prediction already has a different outcome, nothing is written and those items are
   * returned as conflicts. Nothing is written once `signal` has aborted.
   */
  async record(records: readonly NewFeedback[], signal: AbortSignal): Promise<RecordOutcome> {
    if (records.length === 0) return { ok: true, stored: [] };
    storable(records, 'feedback');
    // The use case refuses two outcomes for one prediction in one call; reaching here with them would half-write (the unique slot stops the second).
    const ids = new Map<string, string>();
    for (const r of records) {
      if ((ids.get(r.predictionId) ?? r.id) !== r.id) throw new RangeError(`feedback for prediction ${r.predictionId} given twice in one write with different outcomes`);
      ids.set(r.predictionId, r.id);
    }
    await this.ensureIndexes();
    // Every model's lock, in one order, so two writers of overlapping models never wait on each other in a circle.
    const models = [...new Set(records.map((r) => r.modelId))].sort();
    const underLocks = <R>(work: () => Promise<R>, i = 0): Promise<R> =>
      i === models.length ? work() : withDocumentLock(this.locks, `write:${models[i]}`, () => underLocks(work, i + 1), { staleMs: WRITE_LOCK_STALE_MS });
    const first = await underLocks(() => this.write(records, models, signal, { lookFirst: records.length > 1, positions: 'counter' }));
    if (first !== COLLIDED) return first;
    if (records.length === 1) {
      // Most often a client's retry: its item has this id (the id stands for the outcome), found by an `_id` equality, which FerretDB pushes down, without reading every stored outcome.
      const [stored] = (await this.findByIds([records[0]!.id])).values();
      if (stored) return { ok: true, stored: [stored] };
    }
    // Stored before (a retry, another outcome, a write cut off half way) or positions taken (a counter left behind): done again, looking first, from the items' own positions.
    const second = await underLocks(() => this.write(records, models, signal, { lookFirst: true, positions: 'items' }));
    if (second !== COLLIDED) return second;
    // Only a writer racing this one despite the lock (it stalled, or this one did) gets here; the caller's retry settles it.
    throw new UnavailableError('feedback', `another writer stored items of ${models.join(', ')} at the same time; retry`);
  }

  /** One attempt under the models' locks: COLLIDED when the insert hit a stored slot or position (a lone item, or positions from a stale counter). */
  private async write(
    records: readonly NewFeedback[],
    models: readonly string[],
    signal: AbortSignal,
    { lookFirst, positions }: { lookFirst: boolean; positions: 'counter' | 'items' },
  ): Promise<RecordOutcome | typeof COLLIDED> {
    const existing = lookFirst ? await this.bySlots(records.map((r) => r.predictionId)) : new Map<string, FeedbackRecord>();
    const conflicts = records.flatMap((r, index) => {
      const stored = existing.get(r.predictionId);
      return stored && stored.id !== r.id ? [{ index, existing: stored }] : [];
    });
    if (conflicts.length > 0) return { ok: false, conflicts };
    const fresh = [...new Map(records.filter((r) => !existing.has(r.predictionId)).map((r) => [r.id, r])).values()];
    const docs: FeedbackDoc[] = [];
    const last = new Map<string, number>();
    for (const model of models) {
      const ofModel = fresh.filter((f) => f.modelId === model);
      if (ofModel.length === 0) continue;
      let seq = positions === 'counter' ? await this.counterSeq(model) : await this.lastSeq(model);
      for (const r of ofModel) {
        const { id, ...rest } = r;
        docs.push({ _id: id, slot: r.predictionId, ...rest, seq: ++seq, processedBy: null });
      }
      last.set(model, seq);
    }
    assertLive(signal);
    if (docs.length > 0) {
      try {
        await this.items.insertMany(docs, { ordered: true });
      } catch (error) {
        // FerretDB does not say which unique index refused: the next attempt looks.
        if (isDuplicateKey(error)) return COLLIDED;
        throw error;
      }
      await Promise.all([...last].map(([model, seq]) => this.sequences.updateOne({ _id: model }, { $set: { seq } }, { upsert: true })));
    }
    const inserted = new Map(docs.map((d) => [d.slot, fromDoc(d)]));
    return { ok: true, stored: records.map((r) => existing.get(r.predictionId) ?? inserted.get(r.predictionId)!) };
  }

  /** The model's last position by its counter (an `_id` read of a small collection); the items' own when it has none yet. */
  private async counterSeq(modelId: string): Promise<number> {
    const counter = await this.sequences.findOne({ _id: modelId });
    return counter ? counter.seq : this.lastSeq(modelId);
  }

  /** Items by id in one query; missing ids have no entry. */
  async findByIds(ids: readonly string[]): Promise<Map<string, FeedbackRecord>> {
    const docs = await this.items.find(byIds(ids)).toArray();
    return new Map(docs.map((d) => [d._id, fromDoc(d)]));
  }

  /** Items by prediction id (their slot) in one query. */
  async bySlots(predictionIds: readonly string[]): Promise<Map<string, FeedbackRecord>> {
    const unique = [...new Set(predictionIds)];
    const docs = await this.items.find(unique.length === 1 ? { slot: unique[0]! } : { slot: { $in: unique } }).toArray();
    return new Map(docs.map((d) => [d.slot, fromDoc(d)]));
  }

  /** A model's items after `afterSeq`, in arrival order, at most `limit`. */
  async page(modelId: string, afterSeq: number, limit: number): Promise<FeedbackRecord[]> {
    await this.ensureIndexes();
    const docs = await this.items
      .find({ modelId, seq: { $gt: afterSeq } })
      .sort({ seq: 1 })
      .limit(limit)
      .toArray();
    return docs.map(fromDoc);
  }

  /** The model's highest `seq` among its items (a decoded scan on FerretDB); 0 before any item. */
  async lastSeq(modelId: string): Promise<number> {
    const [last] = await this.items.find({ modelId }, { projection: { seq: 1 } }).sort({ seq: -1 }).limit(1).toArray();
    return last?.seq ?? 0;
  }

  /** The model's latest item's arrival; null before any. */
  async lastReceivedAt(modelId: string): Promise<Date | null> {
    const [last] = await this.items.find({ modelId }, { projection: { receivedAt: 1 } }).sort({ seq: -1 }).limit(1).toArray();
    return last?.receivedAt ?? null;
  }

  countOf(modelId: string): Promise<number> {
    return this.items.countDocuments({ modelId });
  }
}

export function fromDoc({ _id, slot: _slot, ...rest }: FeedbackDoc): FeedbackRecord {
  return { id: _id, ...rest };
}
