import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateChannels } from '@telepulse/dataset';
import { DASHBOARD_BUDGET_BYTES, dashboardBundleBytes, ensureDashboardBuilt } from '@telepulse/devstack/dashboard-build';
import { seedChannels } from '@telepulse/devstack/seed';
import { mountDashboard } from '@telepulse/gateway/dashboard-route';
import { ChannelsTableDocument, type ChannelsTableQuery } from '../../gateway/dashboard/src/__generated__/graphql.js';
import { testMongo } from '../support/mongo.js';
import { parsePrometheusText } from '../support/prometheus-text.js';
import { startStack } from '../support/stack.js';

// 40 days: enough counts for growth patterns (15) and a full 30-day sparkline.
const [first, second, ...more] = simulateChannels({ seed: 14, channels: 6, days: 40, idPrefix: 'dash' });

describe('the dashboard, served by the gateway', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  let origin: string;

  beforeAll(async () => {
    // What `pnpm start` does before the gateway starts: a no-op when the build is current.
    await ensureDashboardBuilt();
    mongo = await testMongo();
    stack = await startStack({ mongodbUri: mongo.uri, prefix: mongo.prefix });
    origin = new URL(stack.gatewayUrl).origin;
    await seedChannels(stack.query, [first!, second!]);
  });
  afterAll(async () => {
    await stack?.stop();
    await mongo?.drop();
  });

  it('serves index.html at /dashboard/ (revalidated), its hashed assets (cached for good), index.html for client routes, 404 for a missing asset', async () => {
    const bare = await fetch(`${origin}/dashboard`, { redirect: 'manual' });
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/dashboard/');

    const index = await fetch(`${origin}/dashboard/`);
    const html = await index.text();
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(html).toContain('<div id="app">');

    const script = /<script[^>]+src="(\/dashboard\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${origin}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await asset.text()).length).toBeGreaterThan(1000);

    const clientRoute = await fetch(`${origin}/dashboard/channels/${first!.id}`);
    expect(clientRoute.status).toBe(200);
    expect(await clientRoute.text()).toBe(html);

    const missing = await fetch(`${origin}/dashboard/assets/no-such-file.js`);
    expect(missing.status).toBe(404);
  });

  it('keeps the built JavaScript and CSS under the 100 KB gzipped budget', () => {
    expect(dashboardBundleBytes()).toBeLessThan(DASHBOARD_BUDGET_BYTES);
  });

  it('answers 503 with a page saying how to build it while the dashboard is not built', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'dashboard-dist-'));
    const app = express();
    mountDashboard(app, join(empty, 'dist'));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      for (const path of ['/dashboard/', '/dashboard/models/x', '/dashboard/assets/index.js']) {
        const response = await fetch(`${base}${path}`);
        expect(response.status, path).toBe(503);
        expect(response.headers.get('cache-control'), path).toBe('no-store');
      }
      expect(await (await fetch(`${base}/dashboard/`)).text()).toContain('pnpm --filter @telepulse/dashboard build');
    } finally {
      server.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it("answers the Channels page's one query anonymously, with as many subgraph fetches for six channels as for two", async () => {
    const source = print(ChannelsTableDocument);
    /** Subgraph fetches the gateway has made so far, from its /metrics. */
    const fetches = async () => {
      let total = 0;
      for (const [series, value] of parsePrometheusText(await stack.metricsText())) if (series.startsWith('telepulse_subgraph_fetch_duration_seconds_count')) total += value;
      return total;
    };
    const table = async () => {
      const before = await fetches();
      const result = await stack.query<ChannelsTableQuery>(source, { limit: 200 }, { token: null });
      return { result, fetches: (await fetches()) - before };
    };

    const two = await table();
    expect(two.result.errors).toBeUndefined();
    expect(two.result.data!.listChannels!.map((c) => c.id).sort()).toEqual([first!.id, second!.id].sort());
    for (const channel of two.result.data!.listChannels!) {
      expect(channel.latestSubscriberCount!.count).toBeGreaterThan(0);
      const seeded = [first!, second!].find((c) => c.id === channel.id)!;
      const lastDay = seeded.subscriberCounts.map((c) => c.date).sort().at(-1)!;
      const thirtyDays = seeded.subscriberCounts.filter((c) => Date.parse(c.date) > Date.parse(lastDay) - 30 * 86_400_000);
      expect(channel.recentSubscriberCounts.map((c) => c.count)).toEqual(thirtyDays.sort((a, b) => a.date.localeCompare(b.date)).map((c) => c.count));
      expect(channel.engagementPrediction!.predictedEngagement).toBeGreaterThan(0);
      expect(channel.growthPatterns).not.toBeNull();
    }

    await seedChannels(stack.query, more);
    const six = await table();
    expect(six.result.errors).toBeUndefined();
    expect(six.result.data!.listChannels!).toHaveLength(6);
    expect(six.fetches).toBe(two.fetches);
    // A fixed plan (the list from channels, then one entity fetch for every channel at once from
    // engagement and from growth, and the hops between them), not a fetch per channel.
    expect(six.fetches).toBeGreaterThan(0);
    expect(six.fetches).toBeLessThanOrEqual(5);
  });
});
