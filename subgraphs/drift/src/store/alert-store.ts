import type { Collection, Db, Filter } from 'mongodb';
import { createIndexesOneByOne, writeById } from '@telepulse/platform/mongo';
import type { DriftAlert } from '../domain/drift-alert.js';
import { severityRank, type Severity } from '../domain/severity.js';

/** An alert as stored: its id as `_id`, its severity's rank beside it for range filters. */
type AlertDoc = Omit<DriftAlert, 'id'> & { _id: string; severityRank: number };

export interface AlertQuery {
  modelId?: string | null;
  minSeverity: Severity;
  limit: number;
}

/**
 * The `alerts` collection: one document per alert, keyed by its derived id and never updated, so
 * storing is an insert (a repeat is a duplicate key, not a second alert). Read newest first by
 * model, through the index { modelId, detectedAt } (and { detectedAt } across models); both are
 * plain ascending/descending B-tree indexes, which FerretDB 1.24 creates and uses like MongoDB.
 */
export class AlertStore {
  private readonly alerts: Collection<AlertDoc>;

  constructor(db: Db) {
    this.alerts = db.collection<AlertDoc>('alerts');
  }

  async ensureIndexes(): Promise<void> {
    await createIndexesOneByOne(this.alerts, [
      { key: { modelId: 1, detectedAt: -1 }, name: 'model_newest' },
      { key: { detectedAt: -1 }, name: 'newest' },
    ]);
  }

  /** Stores alerts insert-first; returns those this call stored (the others were stored before). */
  async store(alerts: readonly DriftAlert[], signal: AbortSignal): Promise<DriftAlert[]> {
    const docs = alerts.map(toDoc);
    const { found } = await writeById(this.alerts, docs, [], { signal, label: 'alerts' });
    return alerts.filter((a) => !found.has(a.id));
  }

  async find({ modelId, minSeverity, limit }: AlertQuery): Promise<DriftAlert[]> {
    const filter: Filter<AlertDoc> = { severityRank: { $gte: severityRank(minSeverity) } };
    if (modelId) filter.modelId = modelId;
    const docs = await this.alerts.find(filter).sort({ detectedAt: -1, _id: 1 }).limit(limit).toArray();
    return docs.map(fromDoc);
  }

  async byIds(ids: readonly string[]): Promise<Map<string, DriftAlert>> {
    const docs = await this.alerts.find({ _id: { $in: [...ids] } }).toArray();
    return new Map(docs.map((d) => [d._id, fromDoc(d)]));
  }
}

function toDoc({ id, ...rest }: DriftAlert): AlertDoc {
  return { _id: id, ...rest, severityRank: severityRank(rest.severity) };
}

function fromDoc({ _id, severityRank: _rank, ...rest }: AlertDoc): DriftAlert {
  return { id: _id, ...rest };
}
