import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getIntrospectionQuery } from 'graphql';
import { simulateChannels } from '@telepulse/dataset';
import { seedChannels } from '@telepulse/devstack/seed';
import { supergraphPath } from '@telepulse/platform/repo-layout';
import { gatewayLimits, loadEnv } from '@telepulse/gateway/env';
import { createGatewayServer } from '@telepulse/gateway/server';
import channels from '@telepulse/channels/subgraph';
import engagement from '@telepulse/engagement/subgraph';
import { testMongo } from '../support/mongo.js';
import { parsePrometheusText } from '../support/prometheus-text.js';
import { startStack } from '../support/stack.js';

const [channel] = simulateChannels({ seed: 7, channels: 1, days: 10, idPrefix: 'limits' });
const candidate = { hourOfDay: 19, dayOfWeek: 2, contentLength: 240, hasMedia: true };
const post = { ...channel!.posts[0]!, id: 'p-1' };
const INGEST = 'mutation($c: ID!, $posts: [PostInput!]!) { ingestPosts(channelId: $c, posts: $posts) { inserted } }';

interface Answer {
  status: number;
  type: string | null;
  retryAfter: string | null;
  text: string;
  body: { data?: any; errors?: { message: string; extensions?: Record<string, any> }[] };
}

/** What one request to the gateway did: the answer, the requests the gateway sent to subgraphs, the database writes. */
interface Outcome extends Answer {
  subgraphCalls: number;
  writes: string[];
}

describe('limits and request errors, through the gateway', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  /** A client with every scope: the limits, not the scopes, are what these tests reach. */
  let authorized: Record<string, string>;
  const predictions = () => stack.db('engagement').collection('engagement_predictions').countDocuments();

  beforeAll(async () => {
    mongo = await testMongo();
    stack = await startStack({ mongodbUri: mongo.uri, prefix: mongo.prefix });
    authorized = { authorization: `Bearer ${await stack.token()}` };
    await seedChannels(stack.query, [channel!]);
  });
  afterAll(async () => {
    await stack?.stop();
    await mongo?.drop();
  });

  async function send(url: string, body: string, headers: Record<string, string> = {}): Promise<Answer> {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const text = await response.text();
    return { status: response.status, type: response.headers.get('content-type'), retryAfter: response.headers.get('retry-after'), text, body: JSON.parse(text) };
  }

  /** Sends `body` to the gateway, counting what it caused downstream. */
  /** GraphQL requests the channels and engagement subgraphs have answered so far, from their /metrics. */
  async function subgraphRequests(): Promise<number> {
    let total = 0;
    for (const manifest of [channels, engagement]) {
      for (const [series, value] of parsePrometheusText(await stack.metricsText(manifest))) if (series.startsWith('telepulse_graphql_requests_total')) total += value;
    }
    return total;
  }
  async function request(body: string | { query: string; variables?: Record<string, unknown>; operationName?: string }, url = stack.gatewayUrl, headers?: Record<string, string>): Promise<Outcome> {
    const before = await subgraphRequests();
    const { result, writes } = await stack.writesTo('*', () => send(url, typeof body === 'string' ? body : JSON.stringify(body), headers ?? authorized));
    return { ...result, subgraphCalls: (await subgraphRequests()) - before, writes };
  }
  const firstError = (outcome: Outcome) => outcome.body.errors?.[0];

  describe('list limits, where the contract lives', () => {
    it('refuses a 10,000-item batchPredictEngagement with BAD_USER_INPUT naming requests and the maximum, and stores no prediction', async () => {
      const before = await predictions();
      const outcome = await request({
        query: 'mutation($r: [EngagementRequestInput!]!) { batchPredictEngagement(requests: $r) { id } }',
        variables: { r: Array.from({ length: 10_000 }, () => ({ channelId: channel!.id, features: candidate })) },
      });
      expect(firstError(outcome)).toMatchObject({ message: 'requests: must hold at most 1000 predictions, got 10000', extensions: { code: 'BAD_USER_INPUT', field: 'requests', value: 10000 } });
      expect(outcome.writes).toEqual([]);
      expect(await predictions()).toBe(before);

      // The same batch within the limit is predicted and stored: what the refusal above did not do.
      const allowed = await request({
        query: 'mutation($r: [EngagementRequestInput!]!) { batchPredictEngagement(requests: $r) { id } }',
        variables: { r: [{ channelId: channel!.id, features: candidate }] },
      });
      expect(allowed.body.errors).toBeUndefined();
      expect(allowed.writes).not.toEqual([]);
      expect(await predictions()).toBe(before + 1);
    });

    it('refuses an ingest of 10,001 posts with BAD_USER_INPUT naming posts and the maximum, and writes nothing', async () => {
      const outcome = await request({ query: INGEST, variables: { c: 'too-many', posts: Array.from({ length: 10_001 }, (_, i) => ({ ...post, id: `p${i}` })) } });
      expect(firstError(outcome)).toMatchObject({ message: 'posts: must hold at most 10000 posts, got 10001', extensions: { code: 'BAD_USER_INPUT', field: 'posts' } });
      expect(outcome.writes).toEqual([]);
    });
  });

  describe('string lengths', () => {
    it('refuses a title longer than 256 characters and a post text longer than 8,192, naming the field', async () => {
      const title = await request({ query: 'mutation($t: String!) { upsertChannel(id: "long-title", title: $t) { id } }', variables: { t: 't'.repeat(300) } });
      expect(firstError(title)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title' });
      const text = await request({ query: INGEST, variables: { c: 'long-text', posts: [{ ...post, text: 'x'.repeat(9000), textLength: 9000 }] } });
      expect(firstError(text)).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'posts[0].text' } });
      expect(firstError(text)!.message).toMatch(/^posts\[0\]\.text: must be at most 8192 characters, got "x+"… \(9000 characters\)$/);
      expect([...title.writes, ...text.writes]).toEqual([]);
    });

    it('answers a 5 MB channel id with a short error: the value is never echoed back whole', async () => {
      const outcome = await request({ query: INGEST, variables: { c: 'c'.repeat(5 * 1024 * 1024), posts: [post] } });
      expect(firstError(outcome)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'channelId' });
      expect(outcome.text.length).toBeLessThan(2000);
      expect(outcome.writes).toEqual([]);
    });
  });

  describe('operation limits, before any subgraph is called', () => {
    it('refuses 1,000 aliased ingests while parsing them (MAX_TOKENS_LIMIT), and 31 aliases with MAX_ALIASES_LIMIT', async () => {
      const aliased = (n: number) => `mutation($posts: [PostInput!]!) { ${Array.from({ length: n }, (_, i) => `a${i}: ingestPosts(channelId: "aliased", posts: $posts) { inserted }`).join(' ')} }`;
      const thousand = await request({ query: aliased(1000), variables: { posts: [post] } });
      expect(thousand).toMatchObject({ status: 400, subgraphCalls: 0, writes: [] });
      expect(firstError(thousand)?.extensions).toEqual({ code: 'MAX_TOKENS_LIMIT', limit: 2000 });

      const many = await request({ query: aliased(31), variables: { posts: [post] } });
      expect(many).toMatchObject({ status: 400, subgraphCalls: 0, writes: [] });
      expect(firstError(many)).toMatchObject({ message: 'Aliases limit of 30 exceeded, found 31.', extensions: { code: 'MAX_ALIASES_LIMIT', limit: 30 } });
    });

    it('refuses an operation 50 levels deep with MAX_DEPTH_LIMIT', async () => {
      const levels = Array.from({ length: 24 }, () => 'engagementPrediction { channel {').join(' ');
      const outcome = await request({ query: `{ channel(id: "${channel!.id}") { ${levels} id ${'} } '.repeat(24)} } }` });
      expect(outcome).toMatchObject({ status: 400, subgraphCalls: 0, writes: [] });
      expect(firstError(outcome)).toMatchObject({ message: 'Query depth limit of 10 exceeded, found 50.', extensions: { code: 'MAX_DEPTH_LIMIT', limit: 10 } });
    });

    it('refuses 21 root fields with MAX_ROOT_FIELDS_LIMIT', async () => {
      const outcome = await request({ query: `{ ${Array.from({ length: 21 }, (_, i) => `c${i}: channel(id: "${channel!.id}") { id }`).join(' ')} }` });
      expect(outcome).toMatchObject({ status: 400, subgraphCalls: 0 });
      expect(firstError(outcome)?.extensions).toEqual({ code: 'MAX_ROOT_FIELDS_LIMIT', limit: 20 });
    });

    it('refuses a 25 MB body with a JSON 413 before reading it into GraphQL', async () => {
      const outcome = await request({ query: INGEST, variables: { c: 'huge', posts: [post], padding: 'x'.repeat(25 * 1024 * 1024) } });
      expect(outcome).toMatchObject({ status: 413, subgraphCalls: 0, writes: [] });
      expect(outcome.type).toMatch(/^application\/json/);
      expect(outcome.body.errors).toEqual([{ message: 'the request body is larger than the 20971520 bytes this service accepts', extensions: { code: 'PAYLOAD_TOO_LARGE', maxBytes: 20971520 } }]);
    });

    it('lets the introspection query of Sandbox and GraphiQL through every limit', async () => {
      const outcome = await request({ query: getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true }) });
      expect(outcome.status).toBe(200);
      expect(outcome.body.errors).toBeUndefined();
    });
  });

  describe('request errors', () => {
    it('answers 400 for an unknown operationName and for several operations and none named', async () => {
      const unknown = await request({ query: `query A { channel(id: "${channel!.id}") { id } }`, operationName: 'B' });
      expect(unknown).toMatchObject({ status: 400, subgraphCalls: 0 });
      expect(firstError(unknown)).toMatchObject({ message: 'Unknown operation named "B".', extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } });
      const ambiguous = await request({ query: 'query A { __typename } query B { __typename }' });
      expect(ambiguous.status).toBe(400);
      expect(firstError(ambiguous)?.extensions?.code).toBe('OPERATION_RESOLUTION_FAILURE');
    });

    it('answers malformed JSON with a JSON 400 that names no file and carries no stack', async () => {
      const outcome = await request('{"query": "{ __typename }", ');
      expect(outcome).toMatchObject({ status: 400, subgraphCalls: 0 });
      expect(outcome.type).toMatch(/^application\/json/);
      expect(outcome.body).toEqual({ errors: [{ message: 'the request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
    });

    it.each([
      ['an impossible day', '2026-02-30T00:00:00Z'],
      ['no date at all', 'not a date'],
    ])('answers an ingest whose postedAt is %s with BAD_USER_INPUT naming posts[0].postedAt, not an outage, and writes nothing', async (_what, postedAt) => {
      // The channels subgraph refuses the variable with a 400; the gateway passes its error on.
      const outcome = await request({ query: 'mutation($p: [PostInput!]!) { ingestPosts(channelId: "bad-date", posts: $p) { inserted } }', variables: { p: [{ ...post, postedAt }] } });
      expect(outcome.body.errors).toEqual([
        {
          message: `posts[0].postedAt: must be an ISO-8601 date-time with a time zone, such as 2024-05-01T12:00:00Z, got "${postedAt}"`,
          extensions: { code: 'BAD_USER_INPUT', field: 'posts[0].postedAt', value: postedAt, serviceName: 'channels' },
        },
      ]);
      expect(outcome.writes).toEqual([]);
    });

    it('names the field of an invalid date written into the document itself', async () => {
      const literal = `{ id: "p-2", postedAt: "2026-02-30T00:00:00Z", views: 1, replies: 0, reactions: 0, textLength: 0, hasMedia: false }`;
      const outcome = await request({ query: `mutation { ingestPosts(channelId: "bad-literal", posts: [${literal}]) { inserted } }` });
      expect(firstError(outcome)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'posts[0].postedAt' });
      expect(outcome.writes).toEqual([]);
    });
  });

  describe('rate limit', () => {
    let limited: Awaited<ReturnType<ReturnType<typeof createGatewayServer>['listen']>>;
    beforeAll(async () => {
      // A gateway of its own over the same subgraphs, allowing each caller three requests an hour.
      limited = await createGatewayServer({
        supergraphSdl: readFileSync(supergraphPath, 'utf8'),
        urlOverrides: { channels: stack.url(channels), engagement: stack.url(engagement) },
        limits: gatewayLimits(loadEnv({ RATE_LIMIT_REQUESTS: '3', RATE_LIMIT_WINDOW_SECONDS: '3600', AUTH_JWT_SECRET: stack.secrets.userTokens, SUBGRAPH_SECRET: stack.secrets.subgraphs })),
        userTokens: { jwtSecret: stack.secrets.userTokens },
        subgraphSecret: stack.secrets.subgraphs,
      }).listen(0);
    });
    afterAll(() => limited?.stop());

    it('answers 429 RATE_LIMITED with Retry-After once a caller has used its burst, without calling a subgraph; another token has its own', async () => {
      const read = { query: `{ channel(id: "${channel!.id}") { id } }` };
      const token = { authorization: `Bearer ${await stack.token({ subject: 'first-caller' })}` };
      for (let i = 0; i < 3; i += 1) expect(await request(read, limited.url, token)).toMatchObject({ status: 200, subgraphCalls: 1 });
      const refused = await request(read, limited.url, token);
      expect(refused).toMatchObject({ status: 429, subgraphCalls: 0 });
      expect(firstError(refused)?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
      expect(Number(refused.retryAfter)).toBeGreaterThan(0);

      expect((await request(read, limited.url, { authorization: `Bearer ${await stack.token({ subject: 'second-caller' })}` })).status).toBe(200);
    });
  });
});
