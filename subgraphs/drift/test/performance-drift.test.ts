import { describe, expect, it } from 'vitest';
import type { ErrorPage, ErrorStreamReader } from '../src/clients/feedback-errors.js';
import { SeededRandom } from '../src/calibration/random.js';
import { detectPerformanceDrift, type PerformanceDriftDeps } from '../src/detection/performance-drift.js';
import type { DriftAlert } from '../src/domain/drift-alert.js';
import { detectPerformance, freshDetectorState, type ErrorItem } from '../src/domain/performance-detection.js';
import type { StoredDetectors } from '../src/store/detector-store.js';

const scope = { trace: { requestId: 't', via: [] }, signal: new AbortController().signal };

function errorStream(n: number, shiftAt: number, version = (_: number) => 'v1'): ErrorItem[] {
  const r = new SeededRandom(11);
  return Array.from({ length: n }, (_, i) => ({
    feedbackId: `f${i}`,
    modelVersion: version(i),
    receivedAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
    error: Math.abs(r.normal()) * (i < shiftAt ? 0.02 : 0.05),
  }));
}

/** In-memory stand-ins for the stores and the feedback read, recording what was written. */
function fakes(items: ErrorItem[], options: { failSaves?: number } = {}) {
  let saved: StoredDetectors | null = null;
  let failSaves = options.failSaves ?? 0;
  const stored = new Map<string, DriftAlert>();
  const published: DriftAlert[] = [];
  const errors: ErrorStreamReader = {
    async read(_modelId, after, limit): Promise<ErrorPage> {
      const from = after === null ? 0 : Number(after);
      const page = items.slice(from, from + limit);
      return { items: page, cursor: page.length > 0 ? String(from + page.length) : after };
    },
  };
  const deps: PerformanceDriftDeps = {
    errors,
    detectors: {
      locked: (_id, critical) => critical(),
      load: async (modelId) => saved ?? { modelId, cursor: null, revision: 0, state: freshDetectorState() },
      save: async (next) => {
        if (failSaves > 0) {
          failSaves -= 1;
          throw new Error('MongoDB went away');
        }
        saved = structuredClone({ ...next, revision: next.revision + 1 });
        return true;
      },
    },
    alerts: {
      store: async (alerts) => {
        const fresh = alerts.filter((a) => !stored.has(a.id));
        for (const a of fresh) stored.set(a.id, a);
        return fresh;
      },
    },
    publish: (a) => void published.push(a),
    pageSize: 100,
    maxPages: 50,
    now: () => new Date('2026-02-01T00:00:00Z'),
  };
  return { deps, stored, published, saved: () => saved };
}

describe('performance detection', () => {
  it('raises alerts after the error rises and none before; both detectors end up agreeing', () => {
    const { alerts } = detectPerformance('engagement', freshDetectorState(), errorStream(1500, 800), new Date());
    expect(alerts.length).toBeGreaterThan(0);
    const at = alerts.map((a) => Number(a.reason.match(/item (\d+)/)![1]));
    expect(Math.min(...at)).toBeGreaterThan(800);
    expect(alerts.some((a) => a.detectors.length === 2)).toBe(true);
    expect(alerts.every((a) => a.meanErrorAfter! > a.meanErrorBefore!)).toBe(true);
  });

  it('gives the same alerts whether the stream comes in one piece or in pages', () => {
    const items = errorStream(1500, 800);
    const whole = detectPerformance('m', freshDetectorState(), items, new Date(0)).alerts;
    let state = freshDetectorState();
    const paged: DriftAlert[] = [];
    for (let i = 0; i < items.length; i += 137) {
      const out = detectPerformance('m', JSON.parse(JSON.stringify(state)), items.slice(i, i + 137), new Date(0));
      state = out.state;
      paged.push(...out.alerts);
    }
    expect(paged.map((a) => a.id)).toEqual(whole.map((a) => a.id));
  });

  it('restarts the detectors when the model version changes: a better new version raises nothing', () => {
    const items = errorStream(1200, 10_000, (i) => (i < 600 ? 'v1' : 'v2')).map((item, i) => ({ ...item, error: item.error * (i < 600 ? 3 : 1) }));
    const { state, alerts } = detectPerformance('m', freshDetectorState(), items, new Date());
    expect(alerts).toEqual([]);
    expect(state.modelVersion).toBe('v2');
    expect(state.seen).toBe(600);
  });
});

describe('detectPerformanceDrift', () => {
  it('reads the stream page by page from the saved cursor, stores then publishes each alert once', async () => {
    const items = errorStream(1500, 800);
    const f = fakes(items);
    const first = await detectPerformanceDrift('engagement', f.deps, scope);
    expect(first.itemsRead).toBe(1500);
    expect(first.alerts.length).toBeGreaterThan(0);
    expect(f.published.map((a) => a.id)).toEqual(first.alerts.map((a) => a.id));
    expect(f.saved()!.cursor).toBe('1500');
    const second = await detectPerformanceDrift('engagement', f.deps, scope);
    expect(second).toMatchObject({ itemsRead: 0, alerts: [], severity: 'NONE', itemsSeen: 1500 });
  });

  it('retried after its state failed to save, stores and publishes no alert twice', async () => {
    const items = errorStream(1500, 800);
    const flaky = fakes(items, { failSaves: 9 });
    // Each attempt gets one page further before the save fails, then the next repeats that page.
    for (let attempt = 0; attempt < 9; attempt++) await expect(detectPerformanceDrift('engagement', flaky.deps, scope)).rejects.toThrow(/went away/);
    await detectPerformanceDrift('engagement', flaky.deps, scope);
    const clean = fakes(items);
    await detectPerformanceDrift('engagement', clean.deps, scope);
    expect([...flaky.stored.keys()]).toEqual([...clean.stored.keys()]);
    expect(flaky.published.map((a) => a.id)).toEqual(clean.published.map((a) => a.id));
  });
});
