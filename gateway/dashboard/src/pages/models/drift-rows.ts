/**
 * The Models page's drift list: the model's stored drift history (a query) with the alerts the
 * live subscription delivered since (`useDriftAlerts`), one row per alert, newest first. An
 * alert that arrived live and is also in a later refetch of the history is shown once, as the
 * stored one (it has the detectors and the errors), still marked as having arrived live.
 */
import type { DriftAlert } from '../../api/live.js';
import type { ModelDriftAlertFragment } from '../../__generated__/graphql.js';

export interface DriftRow {
  id: string;
  kind: ModelDriftAlertFragment['kind'];
  severity: ModelDriftAlertFragment['severity'];
  reason: string;
  detectedAt: string;
  modelVersion: string | null;
  /** Empty for an alert known only from the subscription (it carries no detectors). */
  detectors: readonly string[];
  meanErrorBefore: number | null;
  meanErrorAfter: number | null;
  driftedShare: number | null;
  /** Arrived by the subscription while this page was open. */
  live: boolean;
}

/** What every alert has, stored or live. */
function common(alert: DriftAlert | ModelDriftAlertFragment): Pick<DriftRow, 'id' | 'kind' | 'severity' | 'reason' | 'detectedAt' | 'modelVersion'> {
  return { id: alert.id, kind: alert.kind, severity: alert.severity, reason: alert.reason, detectedAt: alert.detectedAt, modelVersion: alert.modelVersion };
}

/** Stored and live alerts of `modelId` merged by id, newest first (ties: by id, so the order is stable). */
export function driftRows(modelId: string, stored: readonly ModelDriftAlertFragment[], live: readonly DriftAlert[]): DriftRow[] {
  const liveIds = new Set(live.filter((a) => a.model.id === modelId).map((a) => a.id));
  const rows = new Map<string, DriftRow>();
  for (const alert of stored) {
    const { detectors, meanErrorBefore, meanErrorAfter, driftedShare } = alert;
    rows.set(alert.id, { ...common(alert), detectors, meanErrorBefore, meanErrorAfter, driftedShare, live: liveIds.has(alert.id) });
  }
  for (const alert of live) {
    if (alert.model.id !== modelId || rows.has(alert.id)) continue;
    rows.set(alert.id, { ...common(alert), detectors: [], meanErrorBefore: null, meanErrorAfter: null, driftedShare: null, live: true });
  }
  return [...rows.values()].sort((a, b) => Date.parse(b.detectedAt) - Date.parse(a.detectedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
