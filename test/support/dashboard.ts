/**
 * The dashboard against a real seeded system, for the browser tests and `pnpm screenshots`: the
 * whole stack of test/support/stack.ts (its gateway serves the built dashboard at /dashboard),
 * the given channels seeded through the API, and a headless Chromium opening its pages with a
 * token of every scope (`#…?token=`, as `pnpm start` prints it). One system per test file.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { ChannelRecord } from '@telepulse/dataset';
import { seedChannels } from '@telepulse/devstack/seed';
import { launchChromium } from './chromium.js';
import { startStack } from './stack.js';

export interface DashboardSystemOptions {
  mongodbUri: string;
  /** The databases' name prefix, the system's own. */
  prefix: string;
  chromiumPath: string;
  channels: readonly ChannelRecord[];
  /** Settings of the subgraphs and the gateway (startStack's `env`). */
  env?: Record<string, string>;
  /** The browser window (CSS pixels): a laptop screen unless told. */
  viewport?: { width: number; height: number };
}

export type DashboardSystem = Awaited<ReturnType<typeof startDashboardSystem>>;

/** Starts the system, seeds it, launches Chromium; `close()` undoes all three. */
export async function startDashboardSystem(options: DashboardSystemOptions) {
  const stack = await startStack({ mongodbUri: options.mongodbUri, prefix: options.prefix, ...(options.env ? { env: options.env } : {}) });
  let browser: Browser | undefined;
  try {
    await seedChannels(stack.query, options.channels);
    browser = await launchChromium(options.chromiumPath);
  } catch (error) {
    await stack.stop();
    throw error;
  }
  const token = await stack.token();
  const dashboardUrl = new URL('/dashboard/', stack.gatewayUrl).href;
  const contexts: BrowserContext[] = [];
  /** What each page threw or logged as an error, by page: a failing test shows them. */
  const problems = new Map<Page, string[]>();
  /** The operations each page has posted to the gateway, by name, in order. */
  const operations = new Map<Page, string[]>();

  /**
   * Opens the dashboard at a hash route (`/channels`, `/channels/<id>`, `/models`, `/models/<id>`)
   * in a fresh browser profile, with the token (none: `token: null`, anonymous).
   */
  async function openPage(route: string, { token: given = token }: { token?: string | null } = {}): Promise<Page> {
    const context = await browser!.newContext({ viewport: options.viewport ?? { width: 1440, height: 900 }, timezoneId: 'UTC', locale: 'en-GB' });
    contexts.push(context);
    const page = await context.newPage();
    const seen: string[] = [];
    problems.set(page, seen);
    const posted: string[] = [];
    operations.set(page, posted);
    page.on('pageerror', (error) => seen.push(`page error: ${error.message}`));
    page.on('console', (message) => void (message.type() === 'error' && seen.push(`console error: ${message.text()} (${message.location().url})`)));
    page.on('request', (request) => {
      if (request.method() !== 'POST' || new URL(request.url()).pathname !== '/graphql') return;
      const source = (request.postDataJSON() as { query?: string } | null)?.query ?? '';
      posted.push(/^\s*(?:query|mutation)\s+(\w+)/.exec(source)?.[1] ?? '(anonymous)');
    });
    await page.goto(`${dashboardUrl}#${route}${given ? `?token=${encodeURIComponent(given)}` : ''}`);
    return page;
  }

  return {
    stack,
    /** A token of every scope, the one pages are opened with. */
    token,
    dashboardUrl,
    channels: options.channels,
    openPage,
    /** The operations a page has posted to the gateway so far, by name (`ChannelsTable` …), in order. */
    operationsOf: (page: Page): readonly string[] => operations.get(page) ?? [],
    /** The errors a page has thrown or logged so far (an empty list when it had none). */
    problemsOf: (page: Page): readonly string[] => problems.get(page) ?? [],
    /** Closes every page opened so far (their live connections with them). */
    async closePages() {
      for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
    },
    async close() {
      for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
      await browser?.close();
      await stack.stop();
    },
  };
}
