import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// Four kinds of test, told apart by suffix: unit (no network, no DB), int (a real
// MongoDB-compatible server), e2e (subgraphs and gateway over real HTTP), browser (the dashboard
// in headless Chromium against the whole system, test/browser/).
const where = ['gateway', 'subgraphs/*', 'models', 'internal/*', 'scripts', 'test'].map((d) => `${d}/**/`);

// graphql as Node loads it (its CommonJS build: the package has no `exports`), not the ES build
// Vite would pick from `module`: two copies in one process break graphql-js's `instanceof
// GraphQLError`, which Apollo Server and graphql-js rely on, and never happen outside tests.
const resolve = { alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') }] };

export default defineConfig({
  test: {
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.tmp/vitest-results.json' }]] : ['default'],
    projects: [
      {
        resolve,
        test: {
          name: 'unit',
          include: where.map((d) => `${d}*.test.ts`),
          exclude: ['**/node_modules/**', '**/*.int.test.ts', '**/*.e2e.test.ts', '**/*.browser.test.ts'],
          // Budgets, not speed claims: the artifact tests simulate the 400 training channels (10-20 s
          // on two busy cores) before they judge a committed model.
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve,
        test: {
          name: 'int',
          include: where.map((d) => `${d}*.int.test.ts`),
          exclude: ['**/node_modules/**'],
          globalSetup: ['test/setup/mongodb.global.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve,
        test: {
          name: 'e2e',
          include: where.map((d) => `${d}*.e2e.test.ts`),
          exclude: ['**/node_modules/**'],
          globalSetup: ['test/setup/mongodb.global.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // e2e files each start a whole supergraph; two at once on two cores only adds noise.
          fileParallelism: false,
        },
      },
      {
        resolve,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.browser.test.ts'],
          exclude: ['**/node_modules/**'],
          // The dashboard built once (when stale) for every file; each file starts a seeded system of its own.
          globalSetup: ['test/setup/mongodb.global.ts', 'test/setup/dashboard.global.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // A whole system and a Chromium per file: one at a time on two cores, after the other projects (not beside an e2e file's system).
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          // What a page shows arrives by itself (queries, a subscription): expect.poll waits for it, up to this long on busy cores.
          expect: { poll: { timeout: 30_000, interval: 100 } },
        },
      },
    ],
  },
});
