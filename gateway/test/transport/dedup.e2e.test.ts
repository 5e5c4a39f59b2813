import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mintUserToken } from '@telepulse/devstack/user-token';
import { randomSecret } from '@telepulse/devstack/dev-secrets';
import { createGatewayServer } from '../../src/server.js';
import { gatewayLimits, gatewayTransport, loadEnv } from '../../src/env.js';
import { startHoldingProxy } from '../../../test/support/holding-proxy.js';
import { pollUntil } from '../../../test/support/poll.js';
import { composeNotes, startNotesSubgraph } from './notes-fixture.js';

const READ = 'query($id: ID!) { note(id: $id) { id text readBy } }';
const TOUCH = 'mutation($id: ID!) { touchNote(id: $id) { id text } }';

interface Answer {
  data?: { note?: { id: string; text: string; readBy: string } | null; touchNote?: { text: string } };
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

/**
 * In-flight deduplication through a real gateway: a holding proxy in front of the `notes`
 * subgraph keeps the subgraph's answers waiting, so the tests know which fetches were in flight
 * together, and counts the requests that reached the subgraph.
 */
describe('in-flight deduplication of subgraph fetches', () => {
  const secrets = { users: randomSecret(), subgraphs: randomSecret() };
  let notes: Awaited<ReturnType<typeof startNotesSubgraph>>;
  let proxy: Awaited<ReturnType<typeof startHoldingProxy>>;
  const tokens: Record<string, string> = {};

  const startGateway = (env: Record<string, string> = {}) => {
    const settings = loadEnv({ AUTH_JWT_SECRET: secrets.users, SUBGRAPH_SECRET: secrets.subgraphs, RATE_LIMIT_REQUESTS: '0', ...env });
    const server = createGatewayServer({
      supergraphSdl: composeNotes(proxy.url),
      userTokens: { jwtSecret: secrets.users },
      subgraphSecret: secrets.subgraphs,
      limits: gatewayLimits(settings),
      transport: gatewayTransport(settings),
    });
    return server.listen(0).then((running) => ({ running, counters: () => server.dedupCounters().get('notes')! }));
  };
  let gateway: Awaited<ReturnType<typeof startGateway>>;

  const ask = async (query: string, token: string | null, id = 'n1'): Promise<Answer> => {
    const answer = await fetch(gateway.running.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables: { id } }),
    });
    return (await answer.json()) as Answer;
  };
  /** Waits until `total` fetches have reached the deduplication (joined or sent) and `sent` requests have reached the proxy. */
  const inFlight = (total: number, sent: number) =>
    pollUntil(async () => ({ ...gateway.counters(), sent: proxy.requests.length }), (now) => now.hits + now.misses === total && now.sent === sent);

  beforeAll(async () => {
    notes = await startNotesSubgraph(secrets.subgraphs);
    proxy = await startHoldingProxy();
    proxy.forwardTo(notes.server.url);
    gateway = await startGateway();
    tokens.ana = await mintUserToken(secrets.users, { subject: 'ana', scopes: ['predict'] });
    tokens.anaAdmin = await mintUserToken(secrets.users, { subject: 'ana', scopes: ['predict', 'admin'] });
    tokens.bob = await mintUserToken(secrets.users, { subject: 'bob', scopes: ['predict'] });
  });
  afterAll(async () => {
    await gateway?.running.stop();
    await proxy?.stop();
    await notes?.server.stop();
  });
  beforeEach(async () => {
    // Each test starts from a fresh gateway (counters at zero) and an empty record.
    await gateway.running.stop();
    gateway = await startGateway();
    proxy.requests.length = 0;
    notes.state.readFor.length = 0;
    notes.state.failing = false;
  });

  it('sends identical concurrent queries of one caller to the subgraph once, each answered in full', async () => {
    proxy.hold();
    const answers = Array.from({ length: 5 }, () => ask(READ, tokens.ana!));
    await inFlight(5, 1);
    proxy.release();
    for (const answer of await Promise.all(answers)) expect(answer).toEqual({ data: { note: { id: 'n1', text: 'note n1', readBy: 'ana [predict]' } } });
    expect(proxy.requests).toHaveLength(1);
    expect(notes.state.readFor).toEqual(['ana [predict]']);
    expect(gateway.counters()).toEqual({ hits: 4, misses: 1 });
  });

  it('never shares between callers: another subject, the same subject with other scopes, or anonymous', async () => {
    proxy.hold();
    const callers = [tokens.ana!, tokens.bob!, tokens.anaAdmin!, null];
    const answers = callers.flatMap((token) => [ask(READ, token), ask(READ, token)]);
    await inFlight(8, 4);
    proxy.release();
    const readBy = (await Promise.all(answers)).map((answer) => answer.data?.note?.readBy);
    // Each answer was made for its own caller.
    expect(readBy).toEqual(['ana [predict]', 'ana [predict]', 'bob [predict]', 'bob [predict]', 'ana [admin predict]', 'ana [admin predict]', 'anonymous', 'anonymous']);
    expect([...notes.state.readFor].sort()).toEqual(['ana [admin predict]', 'ana [predict]', 'anonymous', 'bob [predict]']);
    expect(gateway.counters()).toEqual({ hits: 4, misses: 4 });
  });

  it('never shares queries with other variables', async () => {
    proxy.hold();
    const answers = [ask(READ, tokens.ana!, 'n1'), ask(READ, tokens.ana!, 'n2')];
    await inFlight(2, 2);
    proxy.release();
    expect((await Promise.all(answers)).map((answer) => answer.data?.note?.id)).toEqual(['n1', 'n2']);
  });

  it('never shares mutations: each identical concurrent mutation reaches the subgraph', async () => {
    const before = notes.state.touches;
    proxy.hold();
    const answers = Array.from({ length: 3 }, () => ask(TOUCH, tokens.ana!));
    // All three held at the proxy at once: none waited on another.
    await pollUntil(async () => proxy.requests.length, (sent) => sent === 3);
    proxy.release();
    const texts = (await Promise.all(answers)).map((answer) => answer.data?.touchNote?.text);
    expect(new Set(texts).size).toBe(3);
    expect(notes.state.touches - before).toBe(3);
    expect(gateway.counters()).toEqual({ hits: 0, misses: 0 });
  });

  it('gives an error answer to exactly the queries that joined it, and the next query asks again (nothing kept)', async () => {
    notes.state.failing = true;
    proxy.hold();
    const failed = Array.from({ length: 3 }, () => ask(READ, tokens.ana!));
    await inFlight(3, 1);
    proxy.release();
    for (const answer of await Promise.all(failed)) {
      expect(answer.data?.note).toBeNull();
      expect(answer.errors?.map((error) => [error.message, error.extensions?.code, error.path])).toEqual([['the note store failed', 'SERVICE_UNAVAILABLE', ['note']]]);
    }
    notes.state.failing = false;
    const later = await ask(READ, tokens.ana!);
    expect(later).toEqual({ data: { note: { id: 'n1', text: 'note n1', readBy: 'ana [predict]' } } });
    expect(proxy.requests).toHaveLength(2);
    expect(gateway.counters()).toEqual({ hits: 2, misses: 2 });
  });

  it('asks the subgraph once per query when GATEWAY_DEDUP is false', async () => {
    await gateway.running.stop();
    gateway = await startGateway({ GATEWAY_DEDUP: 'false' });
    proxy.hold();
    const answers = Array.from({ length: 3 }, () => ask(READ, tokens.ana!));
    await pollUntil(async () => proxy.requests.length, (sent) => sent === 3);
    proxy.release();
    for (const answer of await Promise.all(answers)) expect(answer.data?.note?.text).toBe('note n1');
    expect(gateway.counters()).toEqual({ hits: 0, misses: 0 });
  });
});
