import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomSecret } from '@telepulse/devstack/dev-secrets';
import { freePort } from '@telepulse/devstack/ports';
import { mintUserToken } from '@telepulse/devstack/user-token';
import { supergraphPath } from '@telepulse/platform/repo-layout';
import { brokersMissing, startRedis, type TestBroker } from '../../../test/support/brokers.js';
import { pollUntil } from '../../../test/support/poll.js';
import { gatewayLimits, loadEnv } from '../../src/env.js';
import { createGatewayServer } from '../../src/server.js';

type Running = Awaited<ReturnType<ReturnType<typeof createGatewayServer>['listen']>>;
interface Check {
  name: string;
  status: string;
  error?: string;
}

/**
 * Two gateway replicas counting their callers against one Redis (RATE_LIMIT_REDIS_URL), a Redis
 * of the test's own: a caller's requests spread over both are refused past the limit in all;
 * with Redis stopped each replica counts alone (requests still served, the limit still held per
 * replica) and its health says so; with Redis back, the shared count resumes, nothing restarted.
 * Every subgraph is unreachable: `{ __typename }` is answered by the gateway itself.
 */
describe.skipIf(brokersMissing())('the rate limit shared by gateway replicas through Redis', () => {
  let redis: TestBroker & AsyncDisposable;
  let replicas: Running[];
  const jwtSecret = randomSecret();

  beforeAll(async () => {
    redis = await startRedis();
    const closed = `http://127.0.0.1:${await freePort()}/graphql`;
    const names = ['channels', 'engagement', 'growth', 'content', 'feedback', 'monitoring', 'drift', 'learning'];
    const subgraphSecret = randomSecret();
    const limits = gatewayLimits(
      loadEnv({ RATE_LIMIT_REQUESTS: '3', RATE_LIMIT_WINDOW_SECONDS: '3600', RATE_LIMIT_REDIS_URL: redis.url, AUTH_JWT_SECRET: jwtSecret, SUBGRAPH_SECRET: subgraphSecret }),
    );
    replicas = await Promise.all(
      [0, 1].map(() =>
        createGatewayServer({
          supergraphSdl: readFileSync(supergraphPath, 'utf8'),
          urlOverrides: Object.fromEntries(names.map((name) => [name, closed])),
          healthTimeoutMs: 500,
          limits,
          userTokens: { jwtSecret },
          subgraphSecret,
        }).listen(0),
      ),
    );
  });
  afterAll(async () => {
    await Promise.all((replicas ?? []).map((r) => r.stop()));
    await redis?.[Symbol.asyncDispose]();
  });

  const caller = async (subject: string) => `Bearer ${await mintUserToken(jwtSecret, { subject, scopes: [] })}`;
  /** The HTTP status of `{ __typename }` sent by `authorization` to replica `i`. */
  const ask = async (i: number, authorization: string) =>
    (await fetch(replicas[i]!.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ query: '{ __typename }' }) })).status;
  const storeCheck = async (i: number) => {
    const report = (await (await fetch(new URL('/health', replicas[i]!.url))).json()) as { gateway: Check[] };
    return report.gateway.find((c) => c.name === 'rate-limit-store');
  };
  const storeIs = (status: string) => Promise.all([0, 1].map((i) => pollUntil(() => storeCheck(i), (check) => check?.status === status, { timeoutMs: 15_000 })));
  /** Replica `i`'s `telepulse_rate_limit_store_up`, as Prometheus scrapes it. */
  const storeUp = async (i: number) => /^telepulse_rate_limit_store_up(?:{[^}]*})? (\d)$/m.exec(await (await fetch(new URL('/metrics', replicas[i]!.url))).text())?.[1];

  it('refuses a caller past the limit counted over both replicas, and shows the store UP', async () => {
    await storeIs('UP');
    expect(await storeUp(0)).toBe('1');
    const first = await caller('spread-over-both');
    expect([await ask(0, first), await ask(1, first), await ask(0, first)]).toEqual([200, 200, 200]);
    expect([await ask(1, first), await ask(0, first)]).toEqual([429, 429]);
    // Another caller has a count of its own.
    expect(await ask(1, await caller('someone-else'))).toBe(200);
  });

  it('counts in each replica alone while Redis is away (DEGRADED, requests still served), and together again once it is back', async () => {
    await redis.stop();
    const [check] = await storeIs('DEGRADED');
    expect(check!.error).toMatch(/unreachable.*counts its callers alone/);
    expect(await storeUp(1)).toBe('0');

    const alone = await caller('while-redis-is-away');
    expect([await ask(0, alone), await ask(0, alone), await ask(0, alone), await ask(0, alone)]).toEqual([200, 200, 200, 429]);
    expect([await ask(1, alone), await ask(1, alone), await ask(1, alone), await ask(1, alone)]).toEqual([200, 200, 200, 429]);

    await redis.restart();
    await storeIs('UP');
    const again = await caller('after-redis-is-back');
    expect([await ask(0, again), await ask(1, again), await ask(1, again), await ask(0, again)]).toEqual([200, 200, 200, 429]);
  });
});
