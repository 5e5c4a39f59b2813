/**
 * The browser tests' global setup: builds the dashboard the gateway serves (when missing or
 * older than its sources, as `pnpm start` does), once for every browser test file. Without a
 * Chromium there is nothing to build it for: one line says the tests are skipped and how to run
 * them (unless tools/bootstrap.mjs has said so already).
 */
import { ensureDashboardBuilt } from '@telepulse/devstack/dashboard-build';
import { ENABLE_HINT, findChromium } from '../support/chromium.js';

export default async function setup() {
  const chromium = findChromium();
  if (chromium.path === null) {
    if (!process.env.CHROMIUM_SKIPPED) console.log(`browser | tests skipped: ${chromium.skipReason}. To run them: ${ENABLE_HINT}`);
    return;
  }
  await ensureDashboardBuilt({ log: (line) => console.log(`browser | ${line}`) });
}
