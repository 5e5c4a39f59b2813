import type { ReadScope } from '@telepulse/platform/supergraph-client';
import type { ErrorStreamReader } from '../clients/feedback-errors.js';
import type { DriftAlert } from '../domain/drift-alert.js';
import { detectPerformance, windowOf, type DetectionOptions } from '../domain/performance-detection.js';
import { SEVERITIES, severityRank, type Severity } from '../domain/severity.js';
import type { AlertStore } from '../store/alert-store.js';
import type { DetectorStore } from '../store/detector-store.js';

/** What one performance detection did (DriftDetection). */
export interface PerformanceDetection {
  modelId: string;
  modelVersion: string | null;
  itemsRead: number;
  itemsSeen: number;
  windowSize: number;
  windowMeanError: number | null;
  severity: Severity;
  reason: string;
  alerts: DriftAlert[];
}

export interface PerformanceDriftDeps {
  errors: ErrorStreamReader;
  detectors: Pick<DetectorStore, 'locked' | 'load' | 'save'>;
  alerts: Pick<AlertStore, 'store'>;
  /** Hands a newly stored alert to live subscribers. */
  publish: (alert: DriftAlert) => void;
  /** Items asked per feedbackErrors page, and the most pages one detection reads (the rest waits for the next). */
  pageSize: number;
  maxPages: number;
  detection?: DetectionOptions;
  now: () => Date;
}

/**
 * Runs the detectors over what arrived in a model's error stream since the last detection,
 * page by page, under the model's lock. Per page: the alerts it raises are stored first, those
 * this call stored are published, then the state and cursor are saved. A crash between those steps
 * repeats the page next time from the saved state: the same alerts (same ids) are found stored,
 * not stored or published twice; a page whose alerts were stored but not yet published when the
 * process died is in the history, not pushed.
 */
export async function detectPerformanceDrift(modelId: string, deps: PerformanceDriftDeps, scope: ReadScope): Promise<PerformanceDetection> {
  return deps.detectors.locked(modelId, async () => {
    let stored = await deps.detectors.load(modelId);
    let itemsRead = 0;
    const raised: DriftAlert[] = [];
    for (let page = 0; page < deps.maxPages; page++) {
      const { items, cursor } = await deps.errors.read(modelId, stored.cursor, deps.pageSize, scope);
      if (items.length === 0) break;
      const { state, alerts } = detectPerformance(modelId, stored.state, items, deps.now(), deps.detection);
      const fresh = await deps.alerts.store(alerts, scope.signal);
      for (const alert of fresh) deps.publish(alert);
      raised.push(...alerts);
      const next = { ...stored, cursor, state };
      if (!(await deps.detectors.save(next, scope.signal))) {
        throw new Error(`the detector state of ${modelId} was saved by another detection while this one held its lock: a lock went stale`);
      }
      stored = { ...next, revision: stored.revision + 1 };
      itemsRead += items.length;
      if (items.length < deps.pageSize) break;
    }
    const top = raised.reduce<Severity>((max, a) => (severityRank(a.severity) > severityRank(max) ? a.severity : max), SEVERITIES[0]);
    const window = windowOf(stored.state);
    const worst = raised.filter((a) => a.severity === top).at(-1);
    return {
      modelId,
      modelVersion: stored.state.modelVersion,
      itemsRead,
      itemsSeen: stored.state.seen,
      windowSize: window.size,
      windowMeanError: window.mean,
      severity: top,
      reason: worst?.reason ?? (itemsRead === 0 ? 'no new feedback since the last detection' : `no rise in the error over ${itemsRead} new items`),
      alerts: raised,
    };
  });
}
