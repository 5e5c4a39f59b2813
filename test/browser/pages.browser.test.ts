import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { simulateChannels } from '@telepulse/dataset';
import { findChromium } from '../support/chromium.js';
import { startDashboardSystem, type DashboardSystem } from '../support/dashboard.js';
import { testMongo } from '../support/mongo.js';

const chromium = findChromium();
const channels = simulateChannels({ seed: 14, channels: 3, days: 90, idPrefix: 'dash' });

/** The attribute `name` of every element `selector` matches, in page order. */
const attributes = (page: Page, selector: string, name: string) => page.locator(selector).evaluateAll((elements, n) => elements.map((e) => e.getAttribute(n)), name);

/**
 * Each page of the dashboard in headless Chromium against a seeded system: what it shows (read
 * from its `data-*` attributes, never pixels) is what the gateway answers for the same query.
 */
describe.skipIf(chromium.path === null)('the dashboard pages against a seeded system', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  let system: DashboardSystem;

  beforeAll(async () => {
    mongo = await testMongo();
    system = await startDashboardSystem({ mongodbUri: mongo.uri, prefix: mongo.prefix, chromiumPath: chromium.path!, channels });
  });
  afterAll(async () => {
    await system?.close();
    await mongo?.drop();
  });

  it('Channels: one row per seeded channel with the subscribers and predicted engagement the gateway answers, from one request for the whole table', async () => {
    const { data } = await system.stack.query<{ listChannels: { id: string; latestSubscriberCount: { count: number } | null; engagementPrediction: { predictedEngagement: number } | null }[] }>(
      '{ listChannels(limit: 200) { id latestSubscriberCount { count } engagementPrediction { predictedEngagement } } }',
    );
    const expected = data!.listChannels;
    expect(expected.map((c) => c.id).sort()).toEqual(channels.map((c) => c.id).sort());

    const page = await system.openPage('/channels');
    const rows = page.locator('[data-testid="channels-table"] tr[data-channel-id]');
    await expect.poll(() => rows.count()).toBe(channels.length);
    const shown = await rows.evaluateAll((trs) => trs.map((tr) => ({ id: tr.getAttribute('data-channel-id'), subscribers: tr.getAttribute('data-subscribers'), predicted: tr.getAttribute('data-predicted') })));
    expect(Object.fromEntries(shown.map((r) => [r.id, { subscribers: Number(r.subscribers), predicted: Number(r.predicted) }]))).toEqual(
      Object.fromEntries(expected.map((c) => [c.id, { subscribers: c.latestSubscriberCount!.count, predicted: c.engagementPrediction!.predictedEngagement }])),
    );
    // Sorted by subscribers, most first, as it opens.
    const subscribers = shown.map((r) => Number(r.subscribers));
    expect(subscribers).toEqual([...subscribers].sort((a, b) => b - a));
    // Searching narrows the table to the channel named.
    await page.getByTestId('channel-search').fill(channels[1]!.id);
    await expect.poll(() => attributes(page, 'tr[data-channel-id]', 'data-channel-id')).toEqual([channels[1]!.id]);
    expect(system.operationsOf(page).filter((name) => name === 'ChannelsTable')).toHaveLength(1);
    expect(system.problemsOf(page)).toEqual([]);
  });
});
