import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { simulateChannels, type ChannelRecord } from '@telepulse/dataset';
import drift from '@telepulse/drift/subgraph';
import type { DriftRuntime } from '@telepulse/drift/server';
import type { DriftAlert } from '@telepulse/drift/domain/drift-alert';
import { findChromium } from '../support/chromium.js';
import { startDashboardSystem, type DashboardSystem } from '../support/dashboard.js';
import { testMongo } from '../support/mongo.js';
import { pollUntil } from '../support/poll.js';
import { serveEngagement, shiftedEngagementFeedback } from '../support/shifted-engagement.js';

const chromium = findChromium();
const [channel] = simulateChannels({ seed: 31, channels: 6, days: 60, idPrefix: 'live' }).filter((c) => c.posts.length > 40) as [ChannelRecord];

const FEEDBACK = `mutation($items: [FeedbackItemInput!]!) { submitFeedbackBatch(items: $items) { id } }`;
const DETECT = `mutation { detectPerformanceDrift(modelId: "engagement") { alerts { id } } }`;

const state = (page: Page) => page.getByTestId('connection-state').getAttribute('data-connection-state');
const health = (page: Page) => page.getByTestId('status-light').getAttribute('data-health-status');

/**
 * What the dashboard does live, in headless Chromium against a seeded system: a drift caused
 * server-side shows at once without a reload (the badge, a toast, the Models page's list), and
 * the page says when the gateway or a subgraph goes away and recovers by itself when it is back.
 */
describe.skipIf(chromium.path === null)('the dashboard live', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  let system: DashboardSystem;
  let sequence = 0;

  beforeAll(async () => {
    mongo = await testMongo();
    // The gateway gives up on a drift that went away quickly (one reconnection attempt), so the page hears of it within seconds.
    system = await startDashboardSystem({
      mongodbUri: mongo.uri,
      prefix: mongo.prefix,
      chromiumPath: chromium.path!,
      channels: [channel],
      env: { SUBSCRIPTION_RETRY_WAIT_MS: '100', SUBSCRIPTION_RETRY_ATTEMPTS: '1', GATEWAY_TIMEOUT_MS: '30000' },
    });
  });
  afterEach(async () => {
    await system?.closePages();
  });
  afterAll(async () => {
    await system?.close();
    await mongo?.drop();
  });

  const runtime = () => system.stack.runtime<DriftRuntime>(drift);
  /** Until drift has `n` live subscribers: the pages' alert subscriptions have reached it. */
  const liveOnDrift = (n: number) => pollUntil(async () => runtime().feed.size, (size) => size === n, { timeoutMs: 30_000 });

  /** Stores an alert and publishes it, as a detection does; resolves with its id. */
  async function raise(): Promise<string> {
    sequence += 1;
    const alert: DriftAlert = {
      id: `browser-alert-${sequence}`,
      modelId: 'engagement',
      modelVersion: 'v-browser',
      kind: 'PERFORMANCE',
      severity: 'HIGH',
      reason: `the mean error rose (browser ${sequence})`,
      detectors: ['ADWIN'],
      detectedAt: new Date(),
      meanErrorBefore: 0.01,
      meanErrorAfter: 0.05,
      driftedShare: null,
      features: null,
    };
    const stored = await runtime().alerts.store([alert], AbortSignal.timeout(10_000));
    for (const fresh of stored) runtime().feed.publish(fresh);
    return alert.id;
  }

  it("shows a drift caused server-side at once, without a reload: the badge and a toast on the Channels page, the alert on the Models list and in the model's drift history", async () => {
    const channels = await system.openPage('/channels');
    const list = await system.openPage('/models');
    const models = await system.openPage('/models/engagement');
    for (const page of [channels, list, models]) await expect.poll(() => state(page)).toBe('connected');
    await liveOnDrift(3);
    expect(await channels.getByTestId('alert-badge').getAttribute('data-alert-count')).toBe('0');

    // As `pnpm demo:drift` does: predictions served, then outcomes that drift from them half-way; detection raises the alert.
    const served = await serveEngagement(system.stack.query, channel.id, 320);
    const fed = await system.stack.query(FEEDBACK, { items: shiftedEngagementFeedback(served, { seed: 5 }) });
    expect(fed.errors).toBeUndefined();
    const detected = await system.stack.query<{ detectPerformanceDrift: { alerts: { id: string }[] } }>(DETECT);
    expect(detected.errors).toBeUndefined();
    const ids = detected.data!.detectPerformanceDrift.alerts.map((a) => a.id);
    expect(ids.length).toBeGreaterThan(0);

    await expect.poll(() => channels.getByTestId('alert-badge').getAttribute('data-alert-count')).toBe(String(ids.length));
    await expect.poll(() => channels.locator('[data-testid="toast"]').evaluateAll((toasts) => toasts.map((t) => t.getAttribute('data-alert-id')))).toEqual(expect.arrayContaining([ids.at(-1)]));
    await expect.poll(() => models.locator(`[data-testid="drift-history"] [data-alert-id="${ids.at(-1)}"]`).count()).toBe(1);
    await expect.poll(() => list.locator('tr[data-model-id="engagement"]').getAttribute('data-latest-drift-id')).toBe(ids.at(-1));
    for (const page of [channels, list, models]) expect(system.problemsOf(page)).toEqual([]);
  });

  it('says when the drift subgraph goes away (live connection reconnecting, the status light not UP) and recovers by itself when it is back: the next alert arrives', async () => {
    await liveOnDrift(0);
    const page = await system.openPage('/channels');
    await expect.poll(() => state(page)).toBe('connected');
    await expect.poll(() => health(page)).toBe('UP');
    await liveOnDrift(1);
    await system.stack.stopSubgraph(drift);
    await expect.poll(() => state(page)).toBe('reconnecting');
    // The light asks systemHealth every 10 s.
    await expect.poll(() => health(page)).toBe('DEGRADED');
    await system.stack.restartSubgraph(drift);
    await expect.poll(() => state(page)).toBe('connected');
    await expect.poll(() => health(page)).toBe('UP');
    await liveOnDrift(1);
    const id = await raise();
    await expect.poll(() => page.locator(`[data-testid="toast"][data-alert-id="${id}"]`).count()).toBe(1);
  });

  it('says when the gateway stops answering (connection reconnecting, status light UNREACHABLE, a banner over the data kept) and recovers by itself when it is back, with the data reloaded', async () => {
    const page = await system.openPage('/channels');
    await expect.poll(() => page.locator('tr[data-channel-id]').count()).toBe(1);
    await expect.poll(() => state(page)).toBe('connected');
    await system.stack.stopGateway();
    await expect.poll(() => state(page)).toBe('reconnecting');
    await expect.poll(() => health(page)).toBe('UNREACHABLE');
    // The page says so in words, over the data it keeps showing.
    await expect.poll(() => page.getByTestId('unreachable').count()).toBeGreaterThan(0);
    expect(await page.locator('tr[data-channel-id]').count()).toBe(1);
    await system.stack.restartGateway();
    await expect.poll(() => state(page)).toBe('connected');
    await expect.poll(() => health(page)).toBe('UP');
    await expect.poll(() => page.getByTestId('unreachable').count()).toBe(0);
    expect(await page.locator('tr[data-channel-id]').getAttribute('data-channel-id')).toBe(channel.id);
  });
});
