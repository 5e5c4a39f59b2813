/**
 * Which Chromium the browser tests drive: CHROMIUM_PATH, else Debian's /usr/bin/chromium (what
 * `npm test` installs as root, tools/bootstrap.mjs). Without one the browser tests are skipped,
 * never failed: `skipReason` says why, once, and how to run them. Launched by playwright-core,
 * which downloads no browser of its own.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** The Chromium to launch, or why there is none (null path). */
export function findChromium(env: NodeJS.ProcessEnv = process.env): { path: string; skipReason: null } | { path: null; skipReason: string } {
  // tools/bootstrap.mjs already said why (and how to enable them) in its own `setup |` line.
  if (env.CHROMIUM_SKIPPED) return { path: null, skipReason: env.CHROMIUM_SKIPPED };
  const given = env.CHROMIUM_PATH;
  if (given === 'none') return { path: null, skipReason: 'CHROMIUM_PATH=none' };
  const path = given || DEBIAN_CHROMIUM;
  if (existsSync(path)) return { path, skipReason: null };
  return { path: null, skipReason: given ? `CHROMIUM_PATH=${given} does not exist` : `no Chromium at ${DEBIAN_CHROMIUM}` };
}

/** How to run the browser tests when they were skipped. */
export const ENABLE_HINT = 'apt-get install -y --no-install-recommends chromium (as root; `npm test` does it when it can), or CHROMIUM_PATH=/path/to/chromium';

/**
 * A headless Chromium. Playwright adds --headless, --no-sandbox, --no-first-run, a fresh profile
 * and no background networking; these keep it off the GPU, QUIC and sync, which a test machine
 * has no use for (../shared/research/dashboard-ops.md §1).
 */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args: ['--disable-gpu', '--disable-quic', '--disable-sync'] });
}
