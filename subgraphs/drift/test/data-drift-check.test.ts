import { describe, expect, it } from 'vitest';
import { InvalidInputError, PreconditionError } from '@telepulse/platform/errors';
import { SeededRandom } from '../src/calibration/random.js';
import type { ServedInputs, ServedInputsReader } from '../src/clients/served-inputs.js';
import { checkDataDrift, resolveWindow } from '../src/detection/data-drift-check.js';
import { watchedModel } from '../src/detection/catalog-models.js';
import { analyzeSeverity } from '../src/domain/severity-input.js';
import type { DriftAlert } from '../src/domain/drift-alert.js';

const scope = { trace: { requestId: 't', via: [] }, signal: new AbortController().signal };
const now = new Date('2026-03-01T00:00:00Z');
const normalQuantiles = (() => {
  const r = new SeededRandom(1);
  const sample = Array.from({ length: 20_000 }, () => r.normal()).sort((a, b) => a - b);
  return Array.from({ length: 101 }, (_, k) => sample[Math.round((k / 100) * (sample.length - 1))]!);
})();

function reader(shift: number, version = 'v3', n = 400): ServedInputsReader & { calls: unknown[] } {
  const r = new SeededRandom(2);
  const recent: ServedInputs[] = Array.from({ length: n }, (_, i) => ({
    id: `p${i}`,
    modelVersion: i % 10 === 0 ? 'v2' : version,
    createdAt: now,
    features: new Map([
      ['a', r.normal() + shift],
      ['b', r.normal() + shift],
      ['c', r.normal()],
    ]),
  }));
  const calls: unknown[] = [];
  return {
    calls,
    async read(fields, since, limit) {
      calls.push({ fields, since, limit });
      return { recent, reference: { version: 'v3', features: ['a', 'b', 'c'].map((name) => ({ name, quantiles: normalQuantiles, mean: 0, std: 1, count: 20_000 })) } };
    },
  };
}

function alertsStore() {
  const stored = new Map<string, DriftAlert>();
  return {
    stored,
    store: async (alerts: readonly DriftAlert[]) => alerts.filter((a) => !stored.has(a.id) && stored.set(a.id, a)),
    byIds: async (ids: readonly string[]) => new Map(ids.flatMap((id) => (stored.has(id) ? [[id, stored.get(id)!] as const] : []))),
  };
}

const fields = { recent: 'recentEngagementPredictions', serving: 'engagementServing' };

describe('detectDataDrift', () => {
  it('compares only the reference version\'s predictions and stores one alert for a repeated check', async () => {
    const alerts = alertsStore();
    const published: DriftAlert[] = [];
    const deps = { inputs: reader(1), alerts, publish: (a: DriftAlert) => void published.push(a), now: () => now };
    const first = await checkDataDrift('engagement', fields, { limit: 400 }, deps, scope);
    expect(first.items).toBe(360);
    expect(first.features.filter((f) => f.drifted).map((f) => f.name)).toEqual(['a', 'b']);
    expect(first.datasetDrift).toBe(true);
    expect(first.severity).toBe('HIGH');
    const again = await checkDataDrift('engagement', fields, { limit: 400 }, deps, scope);
    expect(again.alert!.id).toBe(first.alert!.id);
    expect(alerts.stored.size).toBe(1);
    expect(published).toHaveLength(1);
  });

  it('stores nothing when no feature drifted', async () => {
    const alerts = alertsStore();
    const check = await checkDataDrift('engagement', fields, null, { inputs: reader(0), alerts, publish: () => undefined, now: () => now }, scope);
    expect(check.severity).toBe('NONE');
    expect(check.alert).toBeNull();
    expect(alerts.stored.size).toBe(0);
  });

  it('is FAILED_PRECONDITION with too few predictions of the active version', async () => {
    const deps = { inputs: reader(0, 'v3', 20), alerts: alertsStore(), publish: () => undefined, now: () => now };
    await expect(checkDataDrift('engagement', fields, null, deps, scope)).rejects.toBeInstanceOf(PreconditionError);
  });

  it('refuses a bad window naming window.limit and window.since', () => {
    expect(() => resolveWindow({ limit: 10 }, now)).toThrow(InvalidInputError);
    try {
      resolveWindow({ limit: 6_000, since: new Date('2027-01-01T00:00:00Z') }, now);
    } catch (error) {
      expect((error as InvalidInputError).issues.map((i) => i.field)).toEqual(['window.limit', 'window.since']);
    }
    expect(resolveWindow(null, now)).toEqual({ since: new Date('2026-02-28T00:00:00Z'), limit: 1_000 });
  });

  it('refuses an unknown model and one without feedback, naming modelId', () => {
    expect(() => watchedModel('nope')).toThrow(expect.objectContaining({ details: expect.objectContaining({ field: 'modelId' }) }));
    expect(() => watchedModel('content-cnn')).toThrow(/takes no feedback/);
    expect(watchedModel('engagement').recent).toBe('recentEngagementPredictions');
  });
});

describe('analyzeDriftSeverity', () => {
  it('needs exactly one kind of evidence, naming input', () => {
    expect(() => analyzeSeverity({})).toThrow(expect.objectContaining({ details: expect.objectContaining({ field: 'input' }) }));
    expect(() => analyzeSeverity({ performance: { detectors: [], meanErrorBefore: 1, meanErrorAfter: 1 }, data: { features: [] } })).toThrow(InvalidInputError);
  });

  it('grades data evidence from the KS statistic against its critical value and the PSI', () => {
    const features = [
      { name: 'a', psi: 0.3, ksStatistic: 0.2, ksCritical: 0.05 },
      { name: 'b', psi: 0.4, ksStatistic: 0.3, ksCritical: 0.05 },
      { name: 'c', psi: 0.3, ksStatistic: 0.01, ksCritical: 0.05 },
    ];
    expect(analyzeSeverity({ data: { features } })).toMatchObject({ kind: 'DATA', severity: 'HIGH' });
    expect(analyzeSeverity({ performance: { detectors: ['ADWIN', 'ADWIN'], meanErrorBefore: 0.02, meanErrorAfter: 0.021 } })).toMatchObject({ kind: 'PERFORMANCE', severity: 'LOW' });
  });
});
