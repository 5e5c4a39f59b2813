import { describe, expect, it } from 'vitest';
import type { DriftAlert } from '../../src/api/live.js';
import type { ModelDriftAlertFragment } from '../../src/__generated__/graphql.js';
import { driftRows } from '../../src/pages/models/drift-rows.js';

const stored = (id: string, detectedAt: string): ModelDriftAlertFragment => ({
  id,
  kind: 'PERFORMANCE',
  severity: 'HIGH',
  reason: `stored ${id}`,
  detectors: ['ADWIN'],
  detectedAt,
  modelVersion: '2.1.0',
  meanErrorBefore: 0.01,
  meanErrorAfter: 0.03,
  driftedShare: null,
});

const live = (id: string, modelId: string, detectedAt: string): DriftAlert => ({
  id,
  kind: 'DATA',
  severity: 'MEDIUM',
  reason: `live ${id}`,
  detectedAt,
  modelVersion: null,
  model: { id: modelId },
});

describe('driftRows', () => {
  it('puts a live alert of the model among the stored ones, newest first, marked live', () => {
    const rows = driftRows('engagement', [stored('a', '2026-12-01T10:00:00Z'), stored('b', '2026-12-01T08:00:00Z')], [live('c', 'engagement', '2026-12-01T12:00:00Z')]);
    expect(rows.map((r) => [r.id, r.live])).toEqual([
      ['c', true],
      ['a', false],
      ['b', false],
    ]);
    expect(rows[0]).toMatchObject({ kind: 'DATA', detectors: [], meanErrorBefore: null });
  });

  it("leaves out other models' live alerts", () => {
    expect(driftRows('engagement', [], [live('x', 'growth', '2026-12-01T12:00:00Z')])).toEqual([]);
  });

  it('shows an alert both stored and delivered live once, with the stored details, still marked live', () => {
    const rows = driftRows('engagement', [stored('a', '2026-12-01T10:00:00Z')], [live('a', 'engagement', '2026-12-01T10:00:00Z')]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: 'a', live: true, reason: 'stored a', detectors: ['ADWIN'] });
  });

  it('orders alerts detected at the same instant by id, so a refetch never reshuffles them', () => {
    const rows = driftRows('engagement', [stored('b', '2026-12-01T10:00:00Z'), stored('a', '2026-12-01T10:00:00Z')], []);
    expect(rows.map((r) => r.id)).toEqual(['a', 'b']);
  });
});
