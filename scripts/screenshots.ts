/**
 * `pnpm screenshots`: the README's pictures of the dashboard, regenerated. Starts a seeded
 * system in this process (the browser tests' one: every subgraph and the gateway, the demo
 * channels `pnpm start` seeds, a FerretDB of its own unless MONGODB_URI is set), builds the
 * dashboard when stale, causes a drift as `pnpm demo:drift` does (so the Models page has an
 * alert to show, arrived live, and the adaptation run it starts), and writes docs/screenshots/{channels,channel,models}.png from
 * headless Chromium (CHROMIUM_PATH, else /usr/bin/chromium). Each page is photographed once
 * what it shows has arrived (its `data-*` attributes say so), never after a fixed wait.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { simulateChannels } from '@telepulse/dataset';
import { ensureDashboardBuilt } from '@telepulse/devstack/dashboard-build';
import { givenOrTemporaryDatabase } from '@telepulse/devstack/temporary-ferretdb';
import { repoRoot } from '@telepulse/platform/repo-layout';
import { ENABLE_HINT, findChromium } from '../test/support/chromium.js';
import { startDashboardSystem } from '../test/support/dashboard.js';
import { serveEngagement, shiftedEngagementFeedback } from '../test/support/shifted-engagement.js';

const OUT_DIR = join(repoRoot, 'docs', 'screenshots');
/** What a page waits for at most: a busy two-core machine runs the whole system besides Chromium. */
const WAIT_MS = 60_000;
/** A laptop screen. */
const VIEWPORT = { width: 1440, height: 900 };
const log = (line: string) => console.log(`screenshots | ${line}`);

const chromium = findChromium();
if (chromium.path === null) {
  console.error(`screenshots | no Chromium (${chromium.skipReason}). To take them: ${ENABLE_HINT}`);
  process.exit(1);
}
await ensureDashboardBuilt({ log });
const database = await givenOrTemporaryDatabase('screenshots', process.env.MONGODB_URI);
// The demo channels `pnpm start` seeds (scripts/start.ts), so the pictures show what a newcomer sees.
const channels = simulateChannels({ seed: 42, channels: 12, days: 120, idPrefix: 'demo' });
log(`starting a system on ${database.description} and seeding ${channels.length} demo channels…`);
// The background work `pnpm start` runs (monitoring, drift detection, feedback's ingest, the adaptive pipeline on drift), which the tests turn off.
const env = { MONITORING_POLL_MS: '2000', DRIFT_POLL_MS: '2000', FEEDBACK_POLL_MS: '2000', ADAPTATION_ON_DRIFT: 'true' };
const system = await startDashboardSystem({ mongodbUri: database.uri, prefix: `screenshots${Date.now()}`, chromiumPath: chromium.path, channels, env, viewport: VIEWPORT });
try {
  mkdirSync(OUT_DIR, { recursive: true });
  const shoot = async (page: Page, name: string) => {
    const path = join(OUT_DIR, `${name}.png`);
    // The window made as tall as the page, so the sticky header stays on top (a full-page capture scrolls it into the middle).
    const height = Math.ceil((await page.locator('body').boundingBox())?.height ?? 900);
    await page.setViewportSize({ width: VIEWPORT.width, height: Math.max(VIEWPORT.height, height) });
    await page.screenshot({ path, animations: 'disabled' });
    const problems = system.problemsOf(page);
    if (problems.length > 0) throw new Error(`the ${name} page reported errors: ${problems.join('; ')}`);
    log(`wrote ${path}`);
  };
  const waitFor = (page: Page, selector: string) => page.waitForSelector(selector, { timeout: WAIT_MS, state: 'attached' });

  const list = await system.openPage('/channels');
  await waitFor(list, `[data-testid="channels-table"][data-row-count="${channels.length}"]`);
  await shoot(list, 'channels');

  const channel = await system.openPage('/channels/demo-1');
  await waitFor(channel, '[data-testid="growth-chart"][data-band-count="2"]');
  await waitFor(channel, '[data-testid="posting-heatmap"][data-heatmap-cells="168"]');
  await waitFor(channel, '[data-testid="engagement-posts"] tr[data-post-id]');
  const draft = 'Breaking: we tested every budget phone of the year. The winner will surprise you — full results inside!';
  await channel.getByTestId('draft-text').fill(draft);
  await waitFor(channel, `[data-testid="draft-result"] [data-scored-length="${draft.length}"]`);
  await shoot(channel, 'channel');

  const models = await system.openPage('/models/engagement');
  await waitFor(models, '[data-testid="versions"]');
  await waitFor(models, '[data-testid="connection-state"][data-connection-state="connected"]');
  log('causing a drift as pnpm demo:drift does (predictions served, then outcomes that drift from them fed back); detection finds it by itself…');
  const served = await serveEngagement(system.stack.query, 'demo-1', 320);
  const fed = await system.stack.query('mutation($items: [FeedbackItemInput!]!) { submitFeedbackBatch(items: $items) { id } }', { items: shiftedEngagementFeedback(served, { seed: 5 }) });
  if (fed.errors) throw new Error(`submitFeedbackBatch: ${JSON.stringify(fed.errors)}`);
  await waitFor(models, '[data-testid="toast"][data-alert-id]');
  await waitFor(models, '[data-testid="drift-history"] [data-alert-id]');
  // The run the alert started, with its steps so far.
  await waitFor(models, '[data-run-id][data-step-count]:not([data-step-count="0"])');
  // A section a busy machine failed to load once (a subgraph slow under the run's work) is asked again, so the picture shows the page whole.
  await models.getByTestId('refresh').click();
  await models.waitForFunction('document.querySelectorAll("[data-testid=partial-errors], [data-state=error]").length === 0', undefined, { timeout: WAIT_MS });
  await shoot(models, 'models');
} finally {
  await system.close();
  await database.remove();
}
