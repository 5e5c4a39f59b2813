import type { Collection, Db } from 'mongodb';
import { withDocumentLock, type LockDoc } from '@telepulse/platform/document-lock';
import { assertLive } from '@telepulse/platform/request-deadline';
import type { AdwinState } from '../domain/adwin.js';
import { freshDetectorState, type DetectorState } from '../domain/performance-detection.js';

/**
 * ADWIN's state as stored: its buckets as one flat list tagged with their row, because FerretDB
 * 1.24 refuses nested arrays (the in-memory `rows: Bucket[][]`).
 */
interface StoredAdwin extends Omit<AdwinState, 'rows'> {
  buckets: { row: number; total: number; variance: number }[];
}

/** One model's detector state as stored: where its error stream was read up to, and the detectors. */
interface DetectorDoc extends Omit<DetectorState, 'adwin'> {
  adwin: StoredAdwin | null;
  _id: string;
  /** The feedback cursor after the last item the state includes (null: from the start). */
  cursor: string | null;
  /** Bumped by every save: a save from a stale read does not overwrite a newer one. */
  revision: number;
  updatedAt: Date;
}

export interface StoredDetectors {
  modelId: string;
  cursor: string | null;
  revision: number;
  state: DetectorState;
}

/**
 * The `detectors` collection: one document per model (the detectors' state and the cursor it
 * reached), so detection is incremental and survives restarts. A detection holds the model's
 * lock (`locks`, document-lock.ts: an insert of a unique `_id`, atomic on FerretDB too) while it
 * reads, detects and saves; the save is also conditional on the revision it read, as a fence
 * against a holder that stalled past the lock's staleness.
 */
export class DetectorStore {
  private readonly detectors: Collection<DetectorDoc>;
  private readonly locks: Collection<LockDoc>;

  constructor(db: Db) {
    this.detectors = db.collection<DetectorDoc>('detectors');
    this.locks = db.collection<LockDoc>('locks');
  }

  /** Runs `critical` holding the lock of `modelId`'s performance detection. */
  locked<R>(modelId: string, critical: () => Promise<R>): Promise<R> {
    return withDocumentLock(this.locks, `performance:${modelId}`, critical, { staleMs: 60_000, waitMs: 30_000 });
  }

  async load(modelId: string): Promise<StoredDetectors> {
    const doc = await this.detectors.findOne({ _id: modelId });
    if (!doc) return { modelId, cursor: null, revision: 0, state: freshDetectorState() };
    const { _id, cursor, revision, updatedAt: _at, adwin, ...state } = doc;
    return { modelId, cursor, revision, state: { ...state, adwin: adwin && adwinFromDoc(adwin) } };
  }

  /** Saves the state reached; false when another detection saved first (this one's work is then discarded). */
  async save(stored: StoredDetectors, signal: AbortSignal): Promise<boolean> {
    assertLive(signal);
    const adwin = stored.state.adwin && adwinToDoc(stored.state.adwin);
    const next: DetectorDoc = { _id: stored.modelId, ...stored.state, adwin, cursor: stored.cursor, revision: stored.revision + 1, updatedAt: new Date() };
    if (stored.revision === 0) {
      try {
        await this.detectors.insertOne(next);
        return true;
      } catch (error) {
        if ((error as { code?: number }).code === 11000) return false;
        throw error;
      }
    }
    const { matchedCount } = await this.detectors.replaceOne({ _id: stored.modelId, revision: stored.revision }, next);
    return matchedCount === 1;
  }
}

function adwinToDoc({ rows, ...rest }: AdwinState): StoredAdwin {
  return { ...rest, buckets: rows.flatMap((buckets, row) => buckets.map((b) => ({ row, total: b.total, variance: b.variance }))) };
}

function adwinFromDoc({ buckets, ...rest }: StoredAdwin): AdwinState {
  const rows: AdwinState['rows'] = [];
  for (const { row, total, variance } of buckets) (rows[row] ??= []).push({ total, variance });
  // A row emptied between fuller ones stays, as an empty row.
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  return { ...rest, rows };
}
