import { describe, expect, it } from 'vitest';
import type { Request, Response } from 'express';
import { metricsRoute } from '../src/metrics-route.js';
import { publishModelRun } from '../src/model-runs.js';
import { MAX_OPERATION_NAMES, ServiceMetrics } from '../src/service-metrics.js';

/** The value of the one line of `text` that starts with `series ` (undefined when none). */
function valueOf(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('ServiceMetrics', () => {
  it('keeps services of one process apart: same names, separate registries, each series labelled with its service', async () => {
    const a = new ServiceMetrics('engagement');
    const b = new ServiceMetrics('growth');
    a.requestEnded('Predict', 'mutation', 'ok', 0.01);
    const textA = await a.registry.metrics();
    const textB = await b.registry.metrics();
    expect(valueOf(textA, 'telepulse_graphql_requests_total{operation_name="Predict",operation_type="mutation",outcome="ok",service="engagement"}')).toBe(1);
    expect(textB).not.toContain('operation_name="Predict"');
  });

  it('reads registered hit counters at scrape time, as they are then, by source', async () => {
    const metrics = new ServiceMetrics('gateway');
    const dedup = { hits: 0, misses: 0 };
    metrics.registerHitCounter('dedup', dedup);
    metrics.registerHitCounter('predictions', { hits: 7, misses: 2 });
    dedup.hits = 3;
    dedup.misses = 5;
    let text = await metrics.registry.metrics();
    expect(valueOf(text, 'telepulse_hits_total{source="dedup",service="gateway"}')).toBe(3);
    expect(valueOf(text, 'telepulse_misses_total{source="dedup",service="gateway"}')).toBe(5);
    expect(valueOf(text, 'telepulse_hits_total{source="predictions",service="gateway"}')).toBe(7);
    dedup.hits = 4;
    text = await metrics.registry.metrics();
    expect(valueOf(text, 'telepulse_hits_total{source="dedup",service="gateway"}')).toBe(4);
  });

  it(`labels at most ${MAX_OPERATION_NAMES} operation names, counts later ones as other and unnamed ones as anonymous`, async () => {
    const metrics = new ServiceMetrics('gateway');
    for (let i = 0; i < MAX_OPERATION_NAMES; i++) metrics.requestEnded(`Op${i}`, 'query', 'ok', 0.001);
    metrics.requestEnded('OneTooMany', 'query', 'ok', 0.001);
    metrics.requestEnded('Op0', 'query', 'ok', 0.001);
    metrics.requestEnded(undefined, 'query', 'error', 0.001);
    const text = await metrics.registry.metrics();
    expect(text).not.toContain('OneTooMany');
    expect(valueOf(text, 'telepulse_graphql_requests_total{operation_name="other",operation_type="query",outcome="ok",service="gateway"}')).toBe(1);
    expect(valueOf(text, 'telepulse_graphql_requests_total{operation_name="Op0",operation_type="query",outcome="ok",service="gateway"}')).toBe(2);
    expect(valueOf(text, 'telepulse_graphql_requests_total{operation_name="anonymous",operation_type="query",outcome="error",service="gateway"}')).toBe(1);
  });

  it('measures the runs of its own models only, and none once closed', async () => {
    const metrics = new ServiceMetrics('content');
    metrics.observeModels(['content-viral']);
    publishModelRun('content-viral', 12, 2, 8, false);
    publishModelRun('content-viral', 3, 1, 1, true);
    publishModelRun('engagement', 5, 1, 1, false);
    metrics.close();
    publishModelRun('content-viral', 40, 1, 1, false);
    const text = await metrics.registry.metrics();
    expect(valueOf(text, 'telepulse_model_batch_size_count{service="content",model="content-viral"}')).toBe(1);
    expect(valueOf(text, 'telepulse_model_batch_size_sum{service="content",model="content-viral"}')).toBe(12);
    expect(valueOf(text, 'telepulse_model_queue_seconds_sum{service="content",model="content-viral"}')).toBeCloseTo(0.002);
    expect(valueOf(text, 'telepulse_model_compute_seconds_sum{service="content",model="content-viral"}')).toBeCloseTo(0.008);
    expect(valueOf(text, 'telepulse_model_runs_total{model="content-viral",outcome="error",service="content"}')).toBe(1);
    expect(text).not.toContain('model="engagement"');
  });
});

describe('metricsRoute', () => {
  /** Calls the route as express would for a connection from `remoteAddress`; resolves with the status and body sent. */
  function scrapeFrom(remoteAddress: string): Promise<{ status: number; body: string }> {
    const metrics = new ServiceMetrics('gateway');
    metrics.requestEnded('Read', 'query', 'ok', 0.002);
    return new Promise((resolve, reject) => {
      let status = 200;
      const res = {
        status(code: number) {
          status = code;
          return res;
        },
        type: () => res,
        send(body: string) {
          resolve({ status, body });
          return res;
        },
      };
      metricsRoute(metrics)({ socket: { remoteAddress } } as Request, res as unknown as Response, reject);
    });
  }

  it('answers a scrape from loopback (IPv4, IPv6, mapped) with the process and service series', async () => {
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      const { status, body } = await scrapeFrom(address);
      expect(status, address).toBe(200);
      expect(body).toContain('operation_name="Read"');
      expect(body).toContain('# TYPE process_cpu_user_seconds_total counter');
    }
  });

  it('refuses a scrape from any other address with 403 and no series', async () => {
    for (const address of ['10.0.0.5', '192.168.1.20', '::ffff:10.0.0.5', '']) {
      const { status, body } = await scrapeFrom(address);
      expect(status, address).toBe(403);
      expect(body).not.toContain('telepulse_');
    }
  });
});
