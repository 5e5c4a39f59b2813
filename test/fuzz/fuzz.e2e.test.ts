import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { buildSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateChannels } from '@telepulse/dataset';
import { seedChannels } from '@telepulse/devstack/seed';
import { supergraphPath } from '@telepulse/platform/repo-layout';
import { testMongo } from '../support/mongo.js';
import { startStack } from '../support/stack.js';
import { fuzzOperations } from './operation-arbitraries.js';

const channels = simulateChannels({ seed: 23, channels: 2, days: 12, idPrefix: 'fuzz' });
const schema = buildSchema(readFileSync(supergraphPath, 'utf8'));
const operations = fuzzOperations(schema, [...channels.map((c) => c.id), 'fuzz-missing']);
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);

/**
 * Every operation of the supergraph, with arguments generated from its input types, through the
 * gateway over HTTP: never a 5xx, always a JSON answer, every error coded and short, and a
 * refused mutation has written nothing.
 */
describe('fuzzing every operation through the gateway', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  /** Every scope: the fuzz reaches past authorisation into each operation's own checks. */
  let authorization: string;

  beforeAll(async () => {
    mongo = await testMongo();
    stack = await startStack({ mongodbUri: mongo.uri, prefix: mongo.prefix });
    authorization = `Bearer ${await stack.token()}`;
    await seedChannels(stack.query, channels);
  });
  afterAll(async () => {
    await stack?.stop();
    await mongo?.drop();
  });

  /** Documents in every collection the services write: a write anywhere changes the sum. */
  const stored = async () => {
    const counts = await Promise.all(
      [
        ['channels', 'channels'],
        ['channels', 'posts'],
        ['channels', 'subscriber_counts'],
        ['engagement', 'engagement_predictions'],
        ['growth', 'growth_forecasts'],
      ].map(([db, collection]) => stack.db(db!).collection(collection!).countDocuments()),
    );
    return counts.join('/');
  };

  it.each(operations.map((op) => [op.kind, op.field, op] as const))('%s %s', async (kind, _field, operation) => {
    await fc.assert(
      fc.asyncProperty(operation.variables, async (variables) => {
        const before = kind === 'mutation' ? await stored() : '';
        const response = await fetch(stack.gatewayUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', authorization },
          body: JSON.stringify({ query: operation.document, variables }),
        });
        expect(response.status, 'no 5xx').toBeLessThan(500);
        expect(response.headers.get('content-type')).toMatch(/json/);
        const body = (await response.json()) as { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: unknown } }[] };
        expect(body.data !== undefined || body.errors !== undefined, 'a GraphQL answer').toBe(true);
        for (const error of body.errors ?? []) {
          expect(typeof error.extensions?.code, `coded: ${error.message.slice(0, 200)}`).toBe('string');
          expect(error.message.length, 'an error message never carries a huge input back').toBeLessThanOrEqual(1_000);
        }
        // Refused: the mutation's own field is null. (An error deeper in its selection, e.g. the
        // prediction of a channel without posts, does not undo the mutation.)
        if (kind === 'mutation' && (body.data?.[operation.field] ?? null) === null) expect(await stored(), 'a refused mutation writes nothing').toBe(before);
      }),
      { numRuns: RUNS, seed: 7, endOnFailure: true },
    );
  });

  it('leaves the system healthy', async () => {
    const health = await stack.query(`{ systemHealth { status } }`);
    expect(health.data).toEqual({ systemHealth: { status: 'UP' } });
  });
});
