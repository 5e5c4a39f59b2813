import type { Collection, Db } from 'mongodb';
import { RecordStore, type RecordDoc } from '@telepulse/platform/record-store';
import type { ViralDetectionRecord } from '../domain/viral-detection.js';

/**
 * `content_viral_detections`: the viral model's call on each post it judged (Post.viralPotential),
 * so the post's outcome can be joined with it later; each written once (RecordStore).
 */
export class DetectionStore {
  private readonly records: RecordStore<ViralDetectionRecord>;

  constructor(db: Db) {
    this.records = new RecordStore(db.collection('content_viral_detections'));
  }

  get detections(): Collection<RecordDoc<ViralDetectionRecord>> {
    return this.records.collection;
  }

  /** Stores detections in one write, returning them as stored (one asked before keeps its first record); nothing once `signal` has aborted. */
  recordDetections(records: readonly ViralDetectionRecord[], signal: AbortSignal): Promise<ViralDetectionRecord[]> {
    return this.records.record(records, signal);
  }

  /** Detections by id in one query; missing ids have no entry. */
  findByIds(ids: readonly string[]): Promise<Map<string, ViralDetectionRecord>> {
    return this.records.findByIds(ids);
  }

  /** Detections created at or after `since`, newest first, at most `limit`: one query on the createdAt index. */
  findRecent(since: Date, limit: number): Promise<ViralDetectionRecord[]> {
    return this.records.findRecent(since, limit);
  }
}
