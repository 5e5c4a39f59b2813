import { describe, expect, it } from 'vitest';
import { catalogModelById } from '@telepulse/models/catalog/model-catalog';
import { InvalidInputError } from '@telepulse/platform/errors';
import { manualPoint, type PerformanceInput } from '../src/domain/performance-point.js';

const now = new Date('2026-05-01T12:00:00Z');
const RETENTION = 30 * 86_400_000;
const engagement = catalogModelById('engagement');

/** The fields BAD_USER_INPUT names for `input`. */
function issues(input: PerformanceInput, modelId = 'engagement') {
  try {
    manualPoint(modelId, catalogModelById(modelId), input, now, RETENTION);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).issues.map((i) => i.field);
  }
  return [];
}

describe('manualPoint', () => {
  it('keeps the metrics given, dated now by default', () => {
    const point = manualPoint('engagement', engagement, { mae: 0.02, items: 10, bias: -0.01, version: 'v3' }, now, RETENTION);
    expect(point).toMatchObject({ modelId: 'engagement', at: now, version: 'v3', source: 'MANUAL', metrics: { mae: 0.02, bias: -0.01, items: 10 } });
    expect(point.id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('names each broken field: unknown model, no metric, non-finite, negative, above 1, fractional count, dates, key', () => {
    expect(issues({ mae: 0.1 }, 'nope')).toEqual(['modelId']);
    expect(issues({})).toEqual(['metrics']);
    expect(issues({ mae: null, brier: null })).toEqual(['metrics']);
    expect(issues({ mae: Number.NaN, latencyP99Ms: Number.POSITIVE_INFINITY })).toEqual(['metrics.mae', 'metrics.latencyP99Ms']);
    expect(issues({ mae: -0.1, items: -1, bias: -5 })).toEqual(['metrics.mae', 'metrics.items']);
    expect(issues({ coverage80: 1.2, auc: 1, brier: 0 })).toEqual(['metrics.coverage80']);
    expect(issues({ runs: 2.5 })).toEqual(['metrics.runs']);
    expect(issues({ mae: 0.1, at: new Date(now.getTime() + 10 * 60_000) })).toEqual(['metrics.at']);
    expect(issues({ mae: 0.1, at: new Date(now.getTime() - RETENTION - 1) })).toEqual(['metrics.at']);
    expect(issues({ mae: 0.1, idempotencyKey: '' })).toEqual(['metrics.idempotencyKey']);
    expect(issues({ mae: 0.1, version: 'v'.repeat(129) })).toEqual(['metrics.version']);
  });

  it('derives the id from the idempotency key when given, from the content otherwise', () => {
    const keyed = (input: PerformanceInput) => manualPoint('engagement', engagement, { idempotencyKey: 'k1', ...input }, now, RETENTION).id;
    expect(keyed({ mae: 0.1 })).toBe(keyed({ mae: 0.2 }));
    expect(manualPoint('growth', catalogModelById('growth'), { idempotencyKey: 'k1', mase: 1 }, now, RETENTION).id).not.toBe(keyed({ mae: 0.1 }));
    const plain = (input: PerformanceInput) => manualPoint('engagement', engagement, input, now, RETENTION).id;
    const at = new Date('2026-05-01T11:00:00Z');
    expect(plain({ mae: 0.1, at })).toBe(plain({ mae: 0.1, at }));
    expect(plain({ mae: 0.1, at })).not.toBe(plain({ mae: 0.11, at }));
    expect(plain({ mae: 0.1, at })).not.toBe(plain({ mae: 0.1, at, version: 'v2' }));
  });
});
