import type { Collection, Db } from 'mongodb';
import { isDuplicateKey, lazyIndexes, storable } from '@telepulse/platform/mongo';
import type { AlertRule, PerformanceAlertRecord } from '../domain/alert-rules.js';

/**
 * Alerts, in two collections. `performance_alerts`: every alert ever opened, one document each,
 * resolved in place (`resolvedAt`). `performance_open_alerts`: one latch per open (model, rule),
 * `_id` `<model>/<rule>`, holding a full copy of the open alert: inserting it is what opens an
 * alert, so two evaluations racing to open the same one cannot both succeed (an insert of a
 * unique `_id` is atomic on MongoDB and FerretDB alike, where a conditional update is not).
 * Every step is idempotent and ordered so an interruption leaves a state the next evaluation
 * finishes: a latch whose alert document is missing is written again from the latch; an alert
 * resolved whose latch remains has its latch removed.
 */

interface AlertDoc extends Omit<PerformanceAlertRecord, 'id'> {
  _id: string;
}

interface OpenLatch {
  _id: string;
  modelId: string;
  alert: PerformanceAlertRecord;
}

/** How many alerts a model's list holds at most. */
export const ALERT_LIST_MAX = 100;

const latchId = (modelId: string, rule: AlertRule) => `${modelId}/${rule}`;

export class AlertStore {
  readonly alerts: Collection<AlertDoc>;
  readonly latches: Collection<OpenLatch>;
  private readonly ensureIndexes: () => Promise<void>;

  constructor(db: Db) {
    this.alerts = db.collection<AlertDoc>('performance_alerts');
    this.latches = db.collection<OpenLatch>('performance_open_alerts');
    this.ensureIndexes = lazyIndexes(() => this.alerts.createIndex({ modelId: 1, openedAt: -1 }, { name: 'model_opened' }));
  }

  /** The model's open alerts (one per rule at most); a latch whose alert was resolved is cleared on the way. */
  async openAlerts(modelId: string): Promise<PerformanceAlertRecord[]> {
    const latches = await this.latches.find({ modelId }).toArray();
    if (latches.length === 0) return [];
    const stored = new Map((await this.alerts.find({ _id: { $in: latches.map((l) => l.alert.id) } }).toArray()).map((d) => [d._id, d]));
    const open: PerformanceAlertRecord[] = [];
    for (const latch of latches) {
      const doc = stored.get(latch.alert.id);
      if (doc?.resolvedAt) await this.latches.deleteOne({ _id: latch._id, 'alert.id': latch.alert.id });
      else open.push(latch.alert);
    }
    return open.sort((a, b) => b.openedAt.getTime() - a.openedAt.getTime());
  }

  /**
   * Opens `alert` unless its model and rule already have an open one; resolves to whether it
   * did. Latch first, then the alert document: after a crash between, the open alert is read from
   * its latch, and `resolve` writes the document it lacks.
   */
  async open(alert: PerformanceAlertRecord): Promise<boolean> {
    await this.ensureIndexes();
    storable(alert, 'alert');
    try {
      await this.latches.insertOne({ _id: latchId(alert.modelId, alert.rule), modelId: alert.modelId, alert });
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
    await this.writeDocument(alert);
    return true;
  }

  /** Resolves an open alert at `at`: the document first, then its latch (a crash between leaves a latch `openAlerts` clears). */
  async resolve(alert: PerformanceAlertRecord, at: Date): Promise<void> {
    await this.writeDocument(alert);
    await this.alerts.updateOne({ _id: alert.id, resolvedAt: null }, { $set: { resolvedAt: at } });
    await this.latches.deleteOne({ _id: latchId(alert.modelId, alert.rule), 'alert.id': alert.id });
  }

  /** The model's alerts, newest first: open ones, and resolved ones too when asked. */
  async list(modelId: string, includeResolved: boolean): Promise<PerformanceAlertRecord[]> {
    await this.ensureIndexes();
    // Open alerts come from their latches, which are written first: an alert whose document an interruption lost still shows.
    const open = await this.openAlerts(modelId);
    if (!includeResolved) return open;
    const docs = await this.alerts.find({ modelId }).sort({ openedAt: -1 }).limit(ALERT_LIST_MAX).toArray();
    const all = new Map(docs.map((d) => [d._id, fromDoc(d)]));
    for (const alert of open) all.set(alert.id, alert);
    return [...all.values()].sort((a, b) => b.openedAt.getTime() - a.openedAt.getTime()).slice(0, ALERT_LIST_MAX);
  }

  /** Writes the alert's document unless it is there (opened before a crash, or by the same evaluation retried). */
  private async writeDocument(alert: PerformanceAlertRecord): Promise<void> {
    const { id, ...rest } = alert;
    try {
      await this.alerts.insertOne({ _id: id, ...rest });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }
}

function fromDoc({ _id, ...rest }: AlertDoc): PerformanceAlertRecord {
  return { id: _id, ...rest };
}
