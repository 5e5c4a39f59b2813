import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateChannels } from '@telepulse/dataset';
import { seedChannels } from '@telepulse/devstack/seed';
import channels from '@telepulse/channels/subgraph';
import engagement from '@telepulse/engagement/subgraph';
import { testMongo } from '../support/mongo.js';
import { startStack } from '../support/stack.js';
import { startHoldingProxy } from '../support/holding-proxy.js';

const [channel] = simulateChannels({ seed: 31, channels: 1, days: 10, idPrefix: 'deadline' });
const PREDICT = `mutation($c: ID!, $f: EngagementFeaturesInput!) { predictEngagement(channelId: $c, features: $f) { id } }`;
const features = (contentLength: number) => ({ hourOfDay: 9, dayOfWeek: 3, contentLength, hasMedia: false });

/**
 * The gateway's deadline and a client that goes away, with real slow work: the engagement
 * subgraph reads channel histories through the gateway via a holding proxy on loopback, so a
 * prediction's history read takes as long as a test wants, with no change to any service.
 */
describe('deadlines and cancellation', () => {
  const DEADLINE_MS = 2500;
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  let proxy: Awaited<ReturnType<typeof startHoldingProxy>>;
  const stored = () => stack.db('engagement').collection('engagement_predictions').countDocuments();

  beforeAll(async () => {
    mongo = await testMongo();
    proxy = await startHoldingProxy();
    stack = await startStack({ mongodbUri: mongo.uri, prefix: mongo.prefix, gatewayDeadlineMs: DEADLINE_MS, env: { GATEWAY_URL: proxy.url } });
    proxy.forwardTo(stack.gatewayUrl);
    await seedChannels(stack.query, [channel!]);
  });
  afterAll(async () => {
    proxy?.release();
    await stack?.stop();
    await proxy?.stop();
    await mongo?.drop();
  });

  it('predicts through the proxy while it lets reads through (the setup works)', async () => {
    const before = await stored();
    const result = await stack.query(PREDICT, { c: channel!.id, f: features(10) });
    expect(result.errors).toBeUndefined();
    expect(await stored()).toBe(before + 1);
  });

  it("answers the client at the gateway's deadline when the work outlasts it, and the subgraph stops: its read is dropped, nothing is stored", async () => {
    const before = await stored();
    proxy.hold();
    const read = proxy.next();
    const result = await stack.query(PREDICT, { c: channel!.id, f: features(11) });
    // The client has its answer: an error for the field, no data.
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBeDefined();
    // Let the held read through: the engagement subgraph gave it up already (its signal aborted the
    // fetch at its deadline), so there is nobody to answer and nothing to predict from.
    proxy.release();
    expect(await (await read).outcome).toBe('gone');
    expect(await stored()).toBe(before);
  });

  it('stops a subgraph when its client hangs up: the read is dropped, nothing is stored', async () => {
    const before = await stored();
    proxy.hold();
    const read = proxy.next();
    const hangUp = new AbortController();
    const body = JSON.stringify({ query: PREDICT, variables: { c: channel!.id, f: features(12) } });
    const request = stack.subgraphRequest(engagement, body, { proof: { identity: { subject: 'test', scopes: ['predict'] } }, signal: hangUp.signal });
    const held = await read;
    hangUp.abort();
    await expect(request).rejects.toThrow();
    proxy.release();
    expect(await held.outcome).toBe('gone');
    expect(await stored()).toBe(before);
  });

  it('writes nothing for a request whose deadline passed before it arrived: DEADLINE_EXCEEDED', async () => {
    const post = { ...channel!.posts[0]!, id: 'late-post' };
    const body = JSON.stringify({
      query: `mutation($c: ID!, $p: [PostInput!]!) { ingestPosts(channelId: $c, posts: $p) { inserted } }`,
      variables: { c: channel!.id, p: [post] },
    });
    const { result, writes } = await stack.writesTo(['channels', 'posts'], async () =>
      (await stack.subgraphRequest(channels, body, { proof: { identity: { subject: 'test', scopes: ['ingest'] }, timeoutMs: 0 } })).json(),
    );
    expect(result).toMatchObject({ data: null, errors: [{ path: ['ingestPosts'], extensions: { code: 'DEADLINE_EXCEEDED' } }] });
    expect(writes).toEqual([]);
    expect(await stack.db('channels').collection('posts').countDocuments({ id: 'late-post' })).toBe(0);
  });
});
