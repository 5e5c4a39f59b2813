import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateChannels } from '@telepulse/dataset';
import { seedChannels } from '@telepulse/devstack/seed';
import { mintUserToken } from '@telepulse/devstack/user-token';
import { bodySha256 } from '@telepulse/platform/gateway-proof';
import channels from '@telepulse/channels/subgraph';
import engagement from '@telepulse/engagement/subgraph';
import { testMongo } from '../support/mongo.js';
import { startStack } from '../support/stack.js';

const [channel] = simulateChannels({ seed: 23, channels: 1, days: 10, idPrefix: 'auth' });
const candidate = { hourOfDay: 19, dayOfWeek: 2, contentLength: 240, hasMedia: true };
const post = { ...channel!.posts[0]!, id: 'auth-new-post' };

const PREDICT = `mutation($c: ID!, $f: EngagementFeaturesInput!) { predictEngagement(channelId: $c, features: $f) { id } }`;
const BATCH = `mutation($r: [EngagementRequestInput!]!) { batchPredictEngagement(requests: $r) { id } }`;
const INGEST = `mutation($c: ID!, $p: [PostInput!]!) { ingestPosts(channelId: $c, posts: $p) { inserted } }`;
const COUNTS = `mutation($c: ID!) { ingestSubscriberCounts(channelId: $c, points: [{ date: "2024-01-01", count: 5 }]) { inserted } }`;
const RENAME = `mutation($c: ID!) { upsertChannel(id: $c, title: "renamed") { id } }`;

/** A forged federation call: the engagement subgraph asked to predict for a channel with made-up recent posts. */
const forgedEntities = JSON.stringify({
  query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Channel { engagementPrediction { id } } } }`,
  variables: {
    r: [{ __typename: 'Channel', id: 'auth-victim', recentPosts: [{ postedAt: '2024-01-01T00:00:00Z', views: 1000000, forwards: 999, replies: 999, reactions: 999, textLength: 10, hasMedia: true }] }],
  },
});

describe('credentials and scopes', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  const predictions = () => stack.db('engagement').collection('engagement_predictions');
  /** The write commands `action` sends to any collection a mutation could touch. */
  const writesOf = async (action: () => Promise<unknown>) => (await stack.writesTo(['channels', 'posts', 'subscriber_counts', 'engagement_predictions'], action)).writes;

  beforeAll(async () => {
    mongo = await testMongo();
    stack = await startStack({ mongodbUri: mongo.uri, prefix: mongo.prefix });
    await seedChannels(stack.query, [channel!]);
  });
  afterAll(async () => {
    await stack?.stop();
    await mongo?.drop();
  });

  describe('at the gateway', () => {
    it('keeps reads open without a token, the stored prediction of Channel.engagementPrediction included', async () => {
      const result = await stack.query(`query($c: ID!) { channel(id: $c) { id postCount engagementPrediction { id } } }`, { c: channel!.id }, { token: null });
      expect(result.errors).toBeUndefined();
      expect(result.data).toMatchObject({ channel: { id: channel!.id, postCount: channel!.posts.length, engagementPrediction: { id: expect.any(String) } } });
    });

    it('refuses an expired token with 401 and a coded JSON body saying why', async () => {
      const expired = await stack.token({ expiresIn: '-1m' });
      const response = await fetch(stack.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${expired}` },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await response.json()).toEqual({
        errors: [{ message: 'the bearer token has expired', extensions: { code: 'UNAUTHENTICATED', reason: 'expired' } }],
      });
    });

    it('refuses a forged token (signed with another secret), a malformed one and another scheme with 401, and writes nothing', async () => {
      const forged = await mintUserToken(randomBytes(32).toString('base64url'), { scopes: ['ingest', 'predict', 'admin'] });
      for (const [authorization, reason] of [
        [`Bearer ${forged}`, 'signature'],
        ['Bearer not-a-jwt', 'malformed'],
      ] as const) {
        const writes = await writesOf(async () => {
          const response = await fetch(stack.gatewayUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization },
            body: JSON.stringify({ query: INGEST, variables: { c: channel!.id, p: [post] } }),
          });
          expect(response.status).toBe(401);
          expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED', reason } }] });
        });
        expect(writes).toEqual([]);
      }
      const basic = await fetch(stack.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Basic dXNlcjpwYXNz' }, body: '{"query":"{ __typename }"}' });
      expect(basic.status).toBe(401);
    });
  });

  describe('in the subgraphs, from their SDL', () => {
    it.each([
      ['ingestPosts', 'ingest', INGEST, { c: channel!.id, p: [post] }],
      ['ingestSubscriberCounts', 'ingest', COUNTS, { c: channel!.id }],
      ['upsertChannel', 'ingest', RENAME, { c: channel!.id }],
      ['predictEngagement', 'predict', PREDICT, { c: channel!.id, f: candidate }],
      ['batchPredictEngagement', 'predict', BATCH, { r: [{ channelId: channel!.id, features: candidate }] }],
    ])('refuses %s without a token with UNAUTHENTICATED naming scope "%s", and writes nothing', async (field, scope, source, variables) => {
      let result: Awaited<ReturnType<typeof stack.query>> | undefined;
      const writes = await writesOf(async () => (result = await stack.query(source, variables, { token: null })));
      expect(result!.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED', field: `Mutation.${field}`, requiredScopes: [[scope]] } });
      expect(result!.errors?.[0]?.message).toContain(`"${scope}"`);
      expect(writes).toEqual([]);
    });

    it('refuses an ingest with a predict-only token with FORBIDDEN naming "ingest", and writes nothing', async () => {
      const predictOnly = await stack.token({ scopes: ['predict'], subject: 'analyst' });
      let result: Awaited<ReturnType<typeof stack.query>> | undefined;
      const writes = await writesOf(async () => (result = await stack.query(INGEST, { c: channel!.id, p: [post] }, { token: predictOnly })));
      expect(result!.errors?.[0]).toMatchObject({
        message: 'Mutation.ingestPosts needs scope "ingest"; the token of "analyst" has "predict"',
        extensions: { code: 'FORBIDDEN', requiredScopes: [['ingest']], missingScopes: ['ingest'] },
      });
      expect(writes).toEqual([]);
    });

    it('refuses a prediction with an ingest-only token with FORBIDDEN naming "predict", and stores nothing', async () => {
      const ingestOnly = await stack.token({ scopes: ['ingest'] });
      const before = await predictions().countDocuments();
      const result = await stack.query(PREDICT, { c: channel!.id, f: { ...candidate, contentLength: 901 } }, { token: ingestOnly });
      expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', missingScopes: ['predict'] } });
      expect(await predictions().countDocuments()).toBe(before);
    });

    it('runs each mutation for a token with its scope', async () => {
      const ingest = await stack.token({ scopes: ['ingest'] });
      const ingested = await stack.query(INGEST, { c: channel!.id, p: [post] }, { token: ingest });
      expect(ingested.errors).toBeUndefined();
      expect(ingested.data).toEqual({ ingestPosts: { inserted: 1 } });
      expect(await stack.db('channels').collection('posts').countDocuments({ channelId: channel!.id, id: post.id })).toBe(1);

      const before = await predictions().countDocuments();
      const predicted = await stack.query(PREDICT, { c: channel!.id, f: { ...candidate, contentLength: 902 } }, { token: await stack.token({ scopes: ['predict'] }) });
      expect(predicted.errors).toBeUndefined();
      expect(await predictions().countDocuments()).toBe(before + 1);
    });
  });

  describe('subgraphs answer only the gateway', () => {
    it('answers a forged _entities call straight to the engagement subgraph (made-up recent posts) with 401, and stores no prediction', async () => {
      const before = await predictions().countDocuments();
      const unsigned = await stack.subgraphRequest(engagement, forgedEntities, { proof: null });
      expect(unsigned.status).toBe(401);
      expect(await unsigned.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
      const wrongSecret = await stack.subgraphRequest(engagement, forgedEntities, { secret: randomBytes(32).toString('base64url') });
      expect(wrongSecret.status).toBe(401);
      const forChannels = await stack.subgraphRequest(engagement, forgedEntities, { proof: { audience: channels.name } });
      expect(forChannels.status).toBe(401);
      expect(await predictions().countDocuments({ channelId: 'auth-victim' })).toBe(0);
      expect(await predictions().countDocuments()).toBe(before);
    });

    it('answers a valid proof sent with another body with 401, and runs nothing', async () => {
      const harmless = JSON.stringify({ query: '{ engagementModel { version } }' });
      const signedForHarmless = await stack.subgraphRequest(engagement, harmless);
      expect(signedForHarmless.status).toBe(200);
      // The same kind of proof, minted over the harmless body, sent with the forged one.
      const swapped = await stack.subgraphRequest(engagement, forgedEntities, { proof: { bodySha256: bodySha256(harmless) } });
      expect(swapped.status).toBe(401);
      expect(((await swapped.json()) as { errors: { message: string }[] }).errors[0]!.message).toContain('another request body');
      expect(await predictions().countDocuments({ channelId: 'auth-victim' })).toBe(0);
    });

    it('answers an expired proof with 401, and keeps /health open', async () => {
      const stale = await stack.subgraphRequest(channels, JSON.stringify({ query: '{ listChannels(limit: 1) { id } }' }), { issuedAt: new Date(Date.now() - 60_000) });
      expect(stale.status).toBe(401);
      expect(await stale.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED', reason: 'expired' } }] });
      expect((await fetch(new URL('/health', stack.url(channels)))).status).toBe(200);
    });

    it('leaves the scope decision to the subgraph: a valid proof for an anonymous caller still cannot ingest', async () => {
      const body = JSON.stringify({ query: INGEST, variables: { c: channel!.id, p: [{ ...post, id: 'direct' }] } });
      const anonymous = await stack.subgraphRequest(channels, body);
      expect(await anonymous.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
      const scoped = await stack.subgraphRequest(channels, body, { proof: { identity: { subject: 'tool', scopes: ['ingest'] } } });
      expect(await scoped.json()).toEqual({ data: { ingestPosts: { inserted: 1 } } });
    });
  });
});
