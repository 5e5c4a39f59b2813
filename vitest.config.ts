import { defineConfig } from 'vitest/config';

// Three kinds of test, told apart by suffix: unit (no network, no DB), int (a real
// MongoDB-compatible server), e2e (subgraphs and gateway over real HTTP).
const where = ['gateway', 'subgraphs/*', 'models', 'internal/*', 'scripts', 'test'].map((d) => `${d}/**/`);

export default defineConfig({
  test: {
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.tmp/vitest-results.json' }]] : ['default'],
    projects: [
      {
        test: {
          name: 'unit',
          include: where.map((d) => `${d}*.test.ts`),
          exclude: ['**/node_modules/**', '**/*.int.test.ts', '**/*.e2e.test.ts'],
        },
      },
      {
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
    ],
  },
});
