import type { Collection, Db } from 'mongodb';
import { withDocumentLock, type LockDoc } from '@telepulse/platform/document-lock';
import { byIds, lazyIndexes, storable } from '@telepulse/platform/mongo';
import { assertLive } from '@telepulse/platform/request-deadline';
import type { FeedbackRecord, NewFeedback } from '../domain/feedback.js';
import type { RecordOutcome } from '../domain/submit-feedback.js';

/** A feedback item as stored: its id as `_id`, and `slot` (its prediction's id) unique. */
export type FeedbackDoc = Omit<FeedbackRecord, 'id'> & { _id: string; slot: string };

/** How long a write lock may be held before another writer takes it over (its holder died): longer than any request's deadline. */
export const WRITE_LOCK_STALE_MS = 60_000;

/**
 * `feedback`: every item, one per prediction. Three indexes, each checked on FerretDB 1.24 and
 * MongoDB: `slot` unique (one outcome per prediction, even against a writer that lost its lock),
 * `{modelId, seq}` unique (a model's arrival order: the cursor of feedbackErrors), and
 * `{processedBy, modelId}` (claiming and reading back a processing batch).
 *
 * New items are written under the model's lock (`feedback_locks`, document-lock.ts: an insert,
 * atomic on both servers, where FerretDB's conditional updates are not), which makes one writer
 * per model at a time: it reads the highest `seq`, gives its items the next ones, and inserts
 * them in one ordered insert. So items become visible in `seq` order, and a reader paging by
 * `seq` never sees a later item before an earlier one. A writer that stalled past
 * WRITE_LOCK_STALE_MS and writes after another took the lock over fails on the unique
 * `{modelId, seq}` (its numbers were given again): the fence that keeps the order.
 */
export class FeedbackStore {
  readonly items: Collection<FeedbackDoc>;
  readonly locks: Collection<LockDoc>;
  private readonly ensureIndexes: () => Promise<void>;

  constructor(db: Db) {
    this.items = db.collection('feedback');
    this.locks = db.collection('feedback_locks');
    this.ensureIndexes = lazyIndexes(() =>
      this.items.createIndexes([
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
    await this.ensureIndexes();
    const check = async () => {
      const existing = await this.bySlots(records.map((r) => r.predictionId));
      const conflicts = records.flatMap((r, index) => {
        const stored = existing.get(r.predictionId);
        return stored && stored.id !== r.id ? [{ index, existing: stored }] : [];
      });
      return { existing, conflicts };
    };
    // Repeats need no lock: every item is there already, or one conflicts.
    const first = await check();
    if (first.conflicts.length > 0) return { ok: false, conflicts: first.conflicts };
    if (records.every((r) => first.existing.has(r.predictionId))) return { ok: true, stored: records.map((r) => first.existing.get(r.predictionId)!) };

    // Every model's lock, in one order, so two writers of overlapping models never wait on each other in a circle.
    const models = [...new Set(records.map((r) => r.modelId))].sort();
    const underLocks = (i: number, work: () => Promise<RecordOutcome>): Promise<RecordOutcome> =>
      i === models.length ? work() : withDocumentLock(this.locks, `write:${models[i]}`, () => underLocks(i + 1, work), { staleMs: WRITE_LOCK_STALE_MS });
    return underLocks(0, async () => {
      // Checked again under the locks: another writer may have stored an outcome since.
      const { existing, conflicts } = await check();
      if (conflicts.length > 0) return { ok: false, conflicts };
      const fresh = [...new Map(records.filter((r) => !existing.has(r.predictionId)).map((r) => [r.id, r])).values()];
      const docs: FeedbackDoc[] = [];
      for (const model of models) {
        let seq = await this.lastSeq(model);
        for (const r of fresh.filter((f) => f.modelId === model)) {
          const { id, ...rest } = r;
          docs.push({ _id: id, slot: r.predictionId, ...rest, seq: ++seq, processedBy: null });
        }
      }
      assertLive(signal);
      if (docs.length > 0) await this.items.insertMany(docs, { ordered: true });
      const inserted = new Map(docs.map((d) => [d.slot, fromDoc(d)]));
      return { ok: true, stored: records.map((r) => existing.get(r.predictionId) ?? inserted.get(r.predictionId)!) };
    });
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

  /** The model's highest `seq`; 0 before any item. */
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
