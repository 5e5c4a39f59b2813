import { describe, expect, it } from 'vitest';
import { modelCatalog, type CatalogModel } from '@telepulse/models/catalog/model-catalog';
import { UnavailableError } from '@telepulse/platform/errors';
import type { ReadScope, SupergraphClient } from '@telepulse/platform/supergraph-client';
import { print } from 'graphql';
import { servingDocument, supergraphServingSource } from '../src/clients/serving-stats.js';
import type { PerformancePoint } from '../src/domain/performance-point.js';
import type { ServingCounters, ServingReport } from '../src/domain/serving-counters.js';
import { feedbackTick, FEEDBACK_PAGE, type FeedbackBatchPage } from '../src/pollers/feedback-poller.js';
import { PollLoop } from '../src/pollers/poll-loop.js';
import { servingTick } from '../src/pollers/serving-poller.js';

const scope: ReadScope = { trace: { requestId: 't', via: [] }, signal: new AbortController().signal };
const now = new Date('2026-05-01T12:00:00Z');
const report = (items: number, since = '2026-05-01T10:00:00.000Z'): ServingReport => ({ version: 'v1', since, items, runs: items / 10, failures: 0, latencyP50Ms: 2, latencyP99Ms: 9, meanBatchSize: 10 });

/** A monitor that keeps what it is asked to record. */
function recorder() {
  const recorded: PerformancePoint[][] = [];
  return { recorded, monitor: { record: async (points: readonly PerformancePoint[]) => (recorded.push([...points]), [...points]) } };
}

describe('servingTick', () => {
  it('records one point per model that answered with the differences, then saves counters and versions', async () => {
    const saved = new Map<string, ServingCounters>();
    const versions = new Map<string, string>();
    const state = {
      servingCounters: async (ids: readonly string[]) => new Map(ids.flatMap((id) => (saved.has(id) ? [[id, saved.get(id)!] as const] : []))),
      saveServing: async (id: string, counters: ServingCounters, version: string) => void (saved.set(id, counters), versions.set(id, version)),
    };
    let reports = new Map([['engagement', report(100)], ['growth', report(20)]]);
    const { recorded, monitor } = recorder();
    const tick = servingTick({ source: { read: async () => reports }, state, monitor, catalog: modelCatalog, now: () => now });

    await tick(scope);
    expect(recorded[0]!.map((p) => [p.modelId, p.metrics.items])).toEqual([['engagement', 100], ['growth', 20]]);
    expect(versions.get('engagement')).toBe('v1');

    reports = new Map([['engagement', report(130)], ['growth', report(20)]]);
    await tick(scope);
    expect(recorded[1]!.map((p) => [p.modelId, p.metrics.items])).toEqual([['engagement', 30]]);
    expect(saved.get('engagement')!.items).toBe(130);
  });
});

describe('supergraphServingSource', () => {
  const models = modelCatalog().slice(0, 3);
  const stats = (version: string) => ({ version, since: '2026-05-01T10:00:00.000Z', items: 1, runs: 1, failures: 0, latencyP50Ms: null, latencyP99Ms: null, meanBatchSize: null });

  it('asks every model in one request built around the fragment, aliased m0, m1 …', async () => {
    const sent: string[] = [];
    const client = { request: async (doc: never) => (sent.push(print(doc)), Object.fromEntries(models.map((m, i) => [`m${i}`, stats(m.id)]))) } as unknown as SupergraphClient;
    const read = await supergraphServingSource(client).read(models, scope);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain(`m0: ${models[0]!.serving} {\n    ...MonitoredServing`);
    expect(sent[0]).toContain('fragment MonitoredServing on ServingStats');
    expect([...read].map(([id, r]) => [id, r.version])).toEqual(models.map((m) => [m.id, m.id]));
  });

  it('asks the models one by one when one subgraph cannot answer, keeping those that do', async () => {
    const down = models[1]!;
    const client = {
      request: async (doc: never) => {
        const text = print(doc);
        if (text.includes(down.serving)) throw new UnavailableError(down.subgraph, 'down');
        return { m0: stats(text) };
      },
    } as unknown as SupergraphClient;
    const read = await supergraphServingSource(client).read(models, scope);
    expect([...read.keys()]).toEqual([models[0]!.id, models[2]!.id]);
  });

  it('fails when the gateway itself is unreachable, without asking model by model', async () => {
    let calls = 0;
    const client = { request: async () => (calls++, Promise.reject(new UnavailableError('gateway', 'unreachable'))) } as unknown as SupergraphClient;
    await expect(supergraphServingSource(client).read(models, scope)).rejects.toThrow('gateway is unavailable');
    expect(calls).toBe(1);
  });

  it('builds a document a model added to the catalog joins without code change', () => {
    const extra = { ...models[0]!, id: 'new-model', serving: 'newModelServing' } as CatalogModel;
    expect(print(servingDocument([...models, extra]))).toContain(`m${models.length}: newModelServing`);
  });
});

describe('feedbackTick', () => {
  it('reads pages after the saved cursor, records each page, and saves the cursor after it', async () => {
    const batch = (n: number) => ({ id: `b${n}`, processedAt: '2026-05-01T10:00:00.000Z', byVersion: [{ version: 'v1', count: 2, mae: 0.01 * n, bias: 0, coverage80: null, coverage95: null, mase: null, auc: null, brier: null }] });
    const full = Array.from({ length: FEEDBACK_PAGE }, (_, i) => batch(i));
    const pages: Record<string, FeedbackBatchPage> = { start: { items: full, cursor: 'c1' }, c1: { items: [batch(500)], cursor: 'c2' }, c2: { items: [], cursor: 'c2' } };
    const asked: (string | null)[] = [];
    const cursors = new Map<string, string | null>();
    const { recorded, monitor } = recorder();
    const engagement = modelCatalog().find((m) => m.id === 'engagement')!;
    const tick = feedbackTick({
      source: { batches: async (_id, after) => (asked.push(after), pages[after ?? 'start']!) },
      state: { feedbackCursor: async (id) => cursors.get(id) ?? null, saveFeedbackCursor: async (id, cursor) => void cursors.set(id, cursor) },
      monitor,
      models: () => [engagement],
      now: () => now,
      log: () => {},
    });
    await tick(scope);
    expect(asked).toEqual([null, 'c1']);
    expect(recorded.map((points) => points.length)).toEqual([FEEDBACK_PAGE, 1]);
    expect(cursors.get('engagement')).toBe('c2');
    await tick(scope);
    expect(asked.slice(2)).toEqual(['c2']);
    expect(recorded).toHaveLength(2);
  });
});

describe('PollLoop', () => {
  it('goes on after a failing tick, logging a repeated failure once', async () => {
    const logged: string[] = [];
    let fail = true;
    let succeeded = 0;
    const loop = new PollLoop('test', 60_000, async () => {
      if (fail) throw new Error('gateway down');
      succeeded += 1;
    }, (m) => logged.push(m));
    await loop.runOnce();
    await loop.runOnce();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('gateway down');
    fail = false;
    await loop.runOnce();
    expect(succeeded).toBe(1);
    expect(loop.stats).toEqual({ ticks: 3, failures: 2 });
    await loop.stop();
  });

  it('aborts the tick in flight on stop and starts no other', async () => {
    let ticks = 0;
    let aborted = false;
    const loop = new PollLoop('test', 1, (s) => {
      ticks += 1;
      return new Promise<void>((resolve) => s.signal.addEventListener('abort', () => ((aborted = true), resolve())));
    }).start();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await loop.stop();
    const after = ticks;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(aborted).toBe(true);
    expect(ticks).toBe(after);
    expect(after).toBe(1);
  });
});
