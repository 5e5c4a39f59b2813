import { describe, expect, it } from 'vitest';
import { feedbackPoints, type VersionMetricsReport } from '../src/domain/feedback-batches.js';

const metrics = (over: Partial<VersionMetricsReport>): VersionMetricsReport => ({ version: 'v1', count: 3, mae: null, bias: null, coverage80: null, coverage95: null, mase: null, auc: null, brier: null, ...over });

describe('feedbackPoints', () => {
  it('makes one point per batch and version, at the processing time, with the metrics given', () => {
    const { points, rejected } = feedbackPoints('engagement', [
      { id: 'b1', processedAt: '2026-05-01T10:00:00.000Z', byVersion: [metrics({ mae: 0.02, bias: -0.01 }), metrics({ version: 'v2', mae: 0.04, bias: 0.01 })] },
    ]);
    expect(rejected).toEqual([]);
    expect(points.map((p) => [p.version, p.at.toISOString(), p.source, p.metrics])).toEqual([
      ['v1', '2026-05-01T10:00:00.000Z', 'FEEDBACK', { mae: 0.02, bias: -0.01 }],
      ['v2', '2026-05-01T10:00:00.000Z', 'FEEDBACK', { mae: 0.04, bias: 0.01 }],
    ]);
    expect(new Set(points.map((p) => p.id)).size).toBe(2);
    const again = feedbackPoints('engagement', [{ id: 'b1', processedAt: '2026-05-01T10:00:00.000Z', byVersion: [metrics({ mae: 0.02 })] }]).points;
    expect(again[0]!.id).toBe(points[0]!.id);
  });

  it('leaves out and reports a version without metrics or with one out of range', () => {
    const { points, rejected } = feedbackPoints('content-viral', [
      { id: 'b2', processedAt: '2026-05-01T10:00:00.000Z', byVersion: [metrics({}), metrics({ version: 'v2', brier: 1.5 }), metrics({ version: 'v3', brier: 0.1, auc: 0.7 })] },
    ]);
    expect(points.map((p) => p.version)).toEqual(['v3']);
    expect(rejected.map((r) => [r.version, r.reason])).toEqual([
      ['v1', expect.stringContaining('needs at least one metric')],
      ['v2', 'metrics.brier must be at most 1'],
    ]);
  });
});
