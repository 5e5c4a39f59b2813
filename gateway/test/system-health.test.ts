import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSystemHealth, rollUp, sharedSweeps } from '../src/health/system-health.js';
import { freePort } from '@telepulse/devstack/ports';

describe('rollUp', () => {
  it('is UP only when every service is UP, DOWN only when none is', () => {
    expect(rollUp(['UP', 'UP'])).toBe('UP');
    expect(rollUp(['UP', 'DOWN'])).toBe('DEGRADED');
    expect(rollUp(['DEGRADED', 'UP'])).toBe('DEGRADED');
    expect(rollUp(['DOWN', 'DOWN'])).toBe('DOWN');
    expect(rollUp([])).toBe('DOWN');
  });
});

describe('checkSystemHealth', () => {
  let server: http.Server;
  let url: string;

  beforeAll(async () => {
    // A loopback service answering /health the way our subgraphs do.
    server = http.createServer((req, res) => {
      if (req.url === '/health') {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({
          name: 'fake', status: 'UP', uptimeSeconds: 12,
          checks: [
            { name: 'mongodb', status: 'UP', details: { reachable: true } },
            { name: 'model:engagement', status: 'UP', details: { version: '1.0.0', loaded: true, executionProvider: 'CPUExecutionProvider' } },
          ],
        }));
      } else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it("reads each service's own report and marks an unreachable one DOWN with the reason", async () => {
    const closedPort = await freePort();
    const report = await checkSystemHealth(
      [{ name: 'fake', url: `${url}/graphql` }, { name: 'gone', url: `http://127.0.0.1:${closedPort}/graphql` }],
      500,
    );
    expect(report.status).toBe('DEGRADED');
    expect(report.services[0]).toMatchObject({
      name: 'fake', status: 'UP', uptimeSeconds: 12, mongodbReachable: true,
      models: [{ name: 'engagement', version: '1.0.0', loaded: true, executionProvider: 'CPUExecutionProvider' }],
    });
    expect(report.services[1]).toMatchObject({ name: 'gone', status: 'DOWN', error: 'unreachable (ECONNREFUSED)' });
  });

  it('gives up on a service that does not answer in time instead of hanging', async () => {
    const slow = http.createServer((_req, res) => setTimeout(() => res.end('{}'), 2000));
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    try {
      const port = (slow.address() as AddressInfo).port;
      const report = await checkSystemHealth([{ name: 'slow', url: `http://127.0.0.1:${port}/graphql` }], 300);
      expect(report).toMatchObject({ status: 'DOWN', services: [{ name: 'slow', status: 'DOWN', error: 'no answer within 300 ms' }] });
    } finally {
      slow.closeAllConnections();
      await new Promise((r) => slow.close(r));
    }
  });

  it("is DEGRADED when every service is UP but one of the gateway's own dependencies is not, and says which", async () => {
    const storeDown = { name: 'rate-limit-store', status: 'DEGRADED' as const, error: 'Redis at redis:6379 is unreachable' };
    const report = await checkSystemHealth([{ name: 'fake', url: `${url}/graphql` }], 500, () => [storeDown]);
    expect(report).toMatchObject({ status: 'DEGRADED', services: [{ name: 'fake', status: 'UP' }], gateway: [storeDown] });
    expect((await checkSystemHealth([{ name: 'fake', url: `${url}/graphql` }], 500)).status).toBe('UP');
  });

  it('shares a sweep among the calls that arrive while it runs, and starts a new one after it', async () => {
    let asked = 0;
    const counting = http.createServer((_req, res) => {
      asked += 1;
      setTimeout(() => res.setHeader('content-type', 'application/json').end(JSON.stringify({ name: 'counted', status: 'UP', uptimeSeconds: 1, checks: [] })), 100);
    });
    await new Promise<void>((r) => counting.listen(0, '127.0.0.1', r));
    try {
      const service = { name: 'counted', url: `http://127.0.0.1:${(counting.address() as AddressInfo).port}/graphql` };
      const systemHealth = sharedSweeps(() => checkSystemHealth([service], 1000));
      const [first, second, third] = await Promise.all([systemHealth(), systemHealth(), systemHealth()]);
      expect(asked).toBe(1);
      expect(second).toBe(first);
      expect(third).toBe(first);
      const later = await systemHealth();
      expect(asked).toBe(2);
      expect(later.checkedAt.getTime()).toBeGreaterThanOrEqual(first.checkedAt.getTime());
      expect(later).not.toBe(first);
    } finally {
      counting.closeAllConnections();
      await new Promise((r) => counting.close(r));
    }
  });
});
