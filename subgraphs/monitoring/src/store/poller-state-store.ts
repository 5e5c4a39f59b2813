import type { Collection, Db } from 'mongodb';
import { byIds, storable } from '@telepulse/platform/mongo';
import type { ServingCounters, ServingState } from '../domain/serving-counters.js';

/**
 * `poller_state`: what the pollers must remember across ticks and restarts, one document per
 * model and poller (`serving/<model>`, `feedback/<model>`): the serving counters of the last
 * poll and the version it reported (Model.activeVersion), and the feedback cursor. Each is
 * written only when it changed, and only after the points it stands for, so a crash between re-reads them, and their ids
 * make that a no-op. One tick at a time writes them, whichever replica runs it (pollers/exclusive-tick.ts).
 */
interface ServingStateDoc {
  _id: string;
  modelId: string;
  counters: ServingCounters;
  /** Each recent serving process's last counters (domain/serving-counters.ts); absent in documents saved before replicas. */
  processes?: ServingCounters[];
  activeVersion: string;
  reportedAt: Date;
}

interface FeedbackStateDoc {
  _id: string;
  cursor: string | null;
  updatedAt: Date;
}

export class PollerStateStore {
  readonly serving: Collection<ServingStateDoc>;
  readonly feedback: Collection<FeedbackStateDoc>;

  constructor(db: Db) {
    this.serving = db.collection<ServingStateDoc>('poller_state');
    this.feedback = db.collection<FeedbackStateDoc>('poller_state');
  }

  /** What each model's last serving poll saved (its counters and the version reported), by model id. */
  async servingStates(modelIds: readonly string[]): Promise<Map<string, ServingState>> {
    const docs = await this.serving.find(byIds(modelIds.map((id) => `serving/${id}`))).toArray();
    return new Map(docs.map((d) => [d.modelId, { counters: d.counters, activeVersion: d.activeVersion, ...(d.processes ? { processes: d.processes } : {}) }]));
  }

  async saveServing(modelId: string, state: ServingState, now: Date): Promise<void> {
    const doc = storable({ modelId, ...state, reportedAt: now }, 'poller_state');
    await this.serving.replaceOne({ _id: `serving/${modelId}` }, doc, { upsert: true });
  }

  /** The version each model's serving path last reported, by model id; a model never polled has no entry. */
  async activeVersions(modelIds: readonly string[]): Promise<Map<string, string>> {
    const docs = await this.serving.find(byIds(modelIds.map((id) => `serving/${id}`)), { projection: { modelId: 1, activeVersion: 1 } }).toArray();
    return new Map(docs.map((d) => [d.modelId, d.activeVersion]));
  }

  async feedbackCursor(modelId: string): Promise<string | null> {
    return (await this.feedback.findOne({ _id: `feedback/${modelId}` }))?.cursor ?? null;
  }

  async saveFeedbackCursor(modelId: string, cursor: string | null, now: Date): Promise<void> {
    await this.feedback.replaceOne({ _id: `feedback/${modelId}` }, { cursor, updatedAt: now }, { upsert: true });
  }
}
