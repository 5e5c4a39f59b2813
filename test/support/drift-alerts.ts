import type { DriftAlert } from '@telepulse/drift/domain/drift-alert';
import type { DriftRuntime } from '@telepulse/drift/server';

/**
 * Drift alerts raised the way detection raises them, without depending on a detector's
 * statistics: stored through a drift replica's store, then published through that replica
 * (to the broker when it has one, else straight to its own feed).
 */

let sequence = 0;

/** Stores a HIGH performance alert of `fields.modelId` (other fields overridable) through `runtime` and publishes it; resolves with it. */
export async function raiseAlert(runtime: DriftRuntime, fields: Partial<DriftAlert> & Pick<DriftAlert, 'modelId'>): Promise<DriftAlert> {
  sequence += 1;
  const alert: DriftAlert = {
    id: `e2e-alert-${process.pid}-${sequence}`,
    modelVersion: 'v-e2e',
    kind: 'PERFORMANCE',
    severity: 'HIGH',
    reason: `the mean error rose (e2e ${sequence})`,
    detectors: ['ADWIN', 'PAGE_HINKLEY'],
    detectedAt: new Date(),
    meanErrorBefore: 0.01,
    meanErrorAfter: 0.05,
    driftedShare: null,
    features: null,
    ...fields,
  };
  const stored = await runtime.alerts.store([alert], AbortSignal.timeout(10_000));
  for (const fresh of stored) runtime.publish(fresh);
  return alert;
}
