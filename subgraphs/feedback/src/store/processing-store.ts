import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { withDocumentLock } from '@telepulse/platform/document-lock';
import { createIndexesOneByOne, lazyIndexes, storable } from '@telepulse/platform/mongo';
import type { FeedbackRecord } from '../domain/feedback.js';
import type { ProcessingRecord } from '../domain/processing.js';
import type { VersionMetrics } from '../domain/version-metrics.js';
import { fromDoc, type FeedbackStore } from './feedback-store.js';

export type ProcessingDoc = Omit<ProcessingRecord, 'id'> & { _id: string };

/** How long a processing run may hold its model's lock before another run takes over: far longer than a run over a day's feedback takes. */
export const PROCESS_LOCK_STALE_MS = 120_000;

/**
 * `feedback_batches`: one record per processing run that claimed something. A run, under the
 * model's processing lock (one run per model at a time: FerretDB 1.24 applies an updateMany
 * document by document without isolation, so two racing claims could both take an item):
 *  1. completes what an interrupted run left OPEN (its items carry its batch id: their metrics
 *     are computed and stored now; an OPEN record that claimed nothing is removed), so no claimed
 *     item is ever lost;
 *  2. stores its own record OPEN, with the next `seq`, before claiming anything;
 *  3. claims the model's unclaimed items (updateMany `{processedBy: null}` → its batch id) and
 *     reads them back by batch id: the items of the batch are exactly those that carry its id;
 *  4. stores the metrics and marks the record DONE (a run with nothing to claim removes its record).
 * feedbackBatches serves DONE records only, below the lowest OPEN one: a reader paging by `seq`
 * never sees a later batch before an earlier one.
 */
export class ProcessingStore {
  readonly batches: Collection<ProcessingDoc>;
  private readonly ensureIndexes: () => Promise<void>;

  constructor(
    db: Db,
    private readonly feedback: FeedbackStore,
  ) {
    this.batches = db.collection('feedback_batches');
    this.ensureIndexes = lazyIndexes(() =>
      createIndexesOneByOne(this.batches, [
        { key: { modelId: 1, seq: 1 }, name: 'model_sequence', unique: true },
        { key: { modelId: 1, state: 1, seq: 1 }, name: 'model_state' },
      ]),
    );
  }

  /**
   * One processing run of `modelId` (see the class comment): its batch as stored, or, when there
   * was nothing to claim, an unstored batch of 0 items. `metrics` computes a batch's metrics.
   */
  async process(modelId: string, metrics: (items: readonly FeedbackRecord[]) => VersionMetrics[], now: () => Date): Promise<ProcessingRecord> {
    await this.ensureIndexes();
    return withDocumentLock(
      this.feedback.locks,
      `process:${modelId}`,
      async () => {
        for (const open of await this.batches.find({ modelId, state: 'OPEN' }).toArray()) await this.complete(open, metrics, now);
        const [last] = await this.batches.find({ modelId }, { projection: { seq: 1 } }).sort({ seq: -1 }).limit(1).toArray();
        const batch: ProcessingDoc = { _id: randomUUID(), modelId, seq: (last?.seq ?? 0) + 1, state: 'OPEN', startedAt: now(), processedAt: null, items: 0, byVersion: [] };
        await this.batches.insertOne(batch);
        await this.feedback.items.updateMany({ modelId, processedBy: null }, { $set: { processedBy: batch._id } });
        return (await this.complete(batch, metrics, now)) ?? { ...fromBatchDoc(batch), processedAt: now(), state: 'DONE' };
      },
      { staleMs: PROCESS_LOCK_STALE_MS },
    );
  }

  /** Stores the metrics of an OPEN batch's items and marks it DONE; removes it when it claimed nothing (then null). */
  private async complete(batch: ProcessingDoc, metrics: (items: readonly FeedbackRecord[]) => VersionMetrics[], now: () => Date): Promise<ProcessingRecord | null> {
    const items = (await this.feedback.items.find({ processedBy: batch._id, modelId: batch.modelId }).toArray()).map(fromDoc);
    if (items.length === 0) {
      await this.batches.deleteOne({ _id: batch._id, state: 'OPEN' });
      return null;
    }
    const done = { state: 'DONE' as const, processedAt: now(), items: items.length, byVersion: storable(metrics(items), 'byVersion') };
    const { matchedCount } = await this.batches.updateOne({ _id: batch._id, state: 'OPEN' }, { $set: done });
    if (matchedCount === 0) {
      // A run that stalled past PROCESS_LOCK_STALE_MS: another took over and completed its batch
      // (nothing to do) or removed it as empty before this run claimed (then these items would
      // carry the id of no batch): give back whatever is still claimed under an id with no record.
      if (!(await this.batches.findOne({ _id: batch._id }))) await this.feedback.items.updateMany({ processedBy: batch._id }, { $set: { processedBy: null } });
      throw new Error(`processing batch ${batch._id} of ${batch.modelId} was taken over by another run after this one stalled for more than ${PROCESS_LOCK_STALE_MS} ms; its items are left to the next run`);
    }
    return fromBatchDoc({ ...batch, ...done });
  }

  /** A model's DONE batches after `afterSeq`, below its lowest OPEN one, in order, at most `limit`. */
  async page(modelId: string, afterSeq: number, limit: number): Promise<ProcessingRecord[]> {
    await this.ensureIndexes();
    const [open] = await this.batches.find({ modelId, state: 'OPEN' }, { projection: { seq: 1 } }).sort({ seq: 1 }).limit(1).toArray();
    const seq = open ? { $gt: afterSeq, $lt: open.seq } : { $gt: afterSeq };
    const docs = await this.batches.find({ modelId, state: 'DONE', seq }).sort({ seq: 1 }).limit(limit).toArray();
    return docs.map(fromBatchDoc);
  }

  /** The filter of a model's processed items: claimed by a batch that is DONE (not by one still OPEN). */
  private async processedFilter(modelId: string) {
    const done = await this.batches.find({ modelId, state: 'DONE' }, { projection: { _id: 1 } }).toArray();
    return { modelId, processedBy: { $in: done.map((d) => d._id) } };
  }

  /** How many of the model's items are processed. */
  async processedCount(modelId: string): Promise<number> {
    return this.feedback.items.countDocuments(await this.processedFilter(modelId));
  }

  /** Every processed item of a model, for the summary's metrics. */
  async processedItems(modelId: string): Promise<FeedbackRecord[]> {
    const docs = await this.feedback.items.find(await this.processedFilter(modelId)).toArray();
    return docs.map(fromDoc);
  }
}

export function fromBatchDoc({ _id, ...rest }: ProcessingDoc): ProcessingRecord {
  return { id: _id, ...rest };
}
