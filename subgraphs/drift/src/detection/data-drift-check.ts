import { InvalidInputError, PreconditionError, type FieldIssue } from '@telepulse/platform/errors';
import type { ReadScope } from '@telepulse/platform/supergraph-client';
import type { ServedFields, ServedInputsReader } from '../clients/served-inputs.js';
import { dataDrift, MIN_RECENT_ITEMS, type FeatureDrift } from '../domain/data-drift.js';
import { alertId, type DriftAlert } from '../domain/drift-alert.js';
import { dataSeverity, type Severity } from '../domain/severity.js';
import type { AlertStore } from '../store/alert-store.js';

/** What one data-drift check found (DataDriftDetection). */
export interface DataDriftCheck {
  modelId: string;
  referenceVersion: string;
  items: number;
  features: FeatureDrift[];
  driftedShare: number;
  datasetDrift: boolean;
  missingFeatures: string[];
  severity: Severity;
  reason: string;
  alert: DriftAlert | null;
}

export interface DriftWindow {
  since?: Date | null;
  limit?: number | null;
}

export const WINDOW_DEFAULT_HOURS = 24;
export const WINDOW_DEFAULT_LIMIT = 1_000;
export const WINDOW_MAX_LIMIT = 5_000;

/** The window asked for, checked (BAD_USER_INPUT naming `window.since` / `window.limit`), with defaults. */
export function resolveWindow(window: DriftWindow | null | undefined, now: Date): { since: Date; limit: number } {
  const issues: FieldIssue[] = [];
  const limit = window?.limit ?? WINDOW_DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < MIN_RECENT_ITEMS || limit > WINDOW_MAX_LIMIT) {
    issues.push({ field: 'window.limit', value: limit, message: `must be an integer from ${MIN_RECENT_ITEMS} to ${WINDOW_MAX_LIMIT}` });
  }
  const since = window?.since ?? new Date(now.getTime() - WINDOW_DEFAULT_HOURS * 3_600_000);
  if (since.getTime() > now.getTime()) issues.push({ field: 'window.since', value: since.toISOString(), message: 'must not be in the future' });
  if (issues.length > 0) throw new InvalidInputError(issues);
  return { since, limit };
}

export interface DataDriftDeps {
  inputs: ServedInputsReader;
  alerts: Pick<AlertStore, 'store' | 'byIds'>;
  publish: (alert: DriftAlert) => void;
  now: () => Date;
}

/**
 * Compares a model's recent served inputs with its active version's training reference. Only
 * predictions of the reference's version are compared (inputs of another version are another
 * model's). The alert's id is derived from the model, the version and the exact predictions
 * compared, so the same check repeated stores (and pushes) it once.
 */
export async function checkDataDrift(modelId: string, fields: ServedFields, window: DriftWindow | null | undefined, deps: DataDriftDeps, scope: ReadScope): Promise<DataDriftCheck> {
  const now = deps.now();
  const { since, limit } = resolveWindow(window, now);
  const { recent, reference } = await deps.inputs.read(fields, since, limit, scope);
  const compared = recent.filter((p) => p.modelVersion === reference.version);
  if (compared.length < MIN_RECENT_ITEMS) {
    throw new PreconditionError(
      `${modelId} served ${compared.length} predictions with version ${reference.version} since ${since.toISOString()} (of ${recent.length} read): at least ${MIN_RECENT_ITEMS} are needed to compare inputs`,
      { modelId, items: compared.length, needed: MIN_RECENT_ITEMS },
    );
  }
  const result = dataDrift(reference.features, compared.map((p) => p.features));
  const { severity, reason } = dataSeverity(result);
  let alert: DriftAlert | null = null;
  if (severity !== 'NONE') {
    const candidate: DriftAlert = {
      id: alertId([modelId, 'DATA', reference.version, ...compared.map((p) => p.id)]),
      modelId,
      modelVersion: reference.version,
      kind: 'DATA',
      severity,
      reason: `${reason} (${compared.length} predictions of version ${reference.version} since ${since.toISOString()})`,
      detectors: ['PSI', 'KS'],
      detectedAt: now,
      meanErrorBefore: null,
      meanErrorAfter: null,
      driftedShare: result.driftedShare,
      features: result.features,
    };
    const fresh = await deps.alerts.store([candidate], scope.signal);
    for (const a of fresh) deps.publish(a);
    alert = fresh[0] ?? (await deps.alerts.byIds([candidate.id])).get(candidate.id) ?? candidate;
  }
  return {
    modelId,
    referenceVersion: reference.version,
    items: compared.length,
    features: result.features,
    driftedShare: result.driftedShare,
    datasetDrift: result.datasetDrift,
    missingFeatures: result.missing,
    severity,
    reason,
    alert,
  };
}
