import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Binary } from 'mongodb';
import { simulateChannels } from '@telepulse/dataset';
import { testMongo } from '../support/mongo.js';
import { startStack } from '../support/stack.js';
import { seedChannels } from '@telepulse/devstack/seed';
import engagement from '@telepulse/engagement/subgraph';
import { pollUntil } from '../support/poll.js';

const channels = simulateChannels({ seed: 11, channels: 3, days: 20, idPrefix: 'e2e' });
const [first, second, third] = channels.map((c) => c.id) as [string, string, string];
const candidate = { hourOfDay: 19, dayOfWeek: 2, contentLength: 240, hasMedia: true };

describe('engagement through the gateway', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  const predictor = () => stack.runtime(engagement).predictor;
  const storedPredictions = () => stack.db('engagement').collection('engagement_predictions').countDocuments();

  beforeAll(async () => {
    mongo = await testMongo();
    // A killed worker keeps the model DOWN for at least this long: ample time to see it through the gateway.
    stack = await startStack({ mongodbUri: mongo.uri, prefix: mongo.prefix, env: { MODEL_RECOVERY_DELAY_MS: '2000' } });
    await seedChannels(stack.query, channels);
  });
  afterAll(async () => {
    await stack?.stop();
    await mongo?.drop();
  });

  it('predicts, stores the prediction with its exact inputs, and reads it back by id', async () => {
    const predicted = await stack.query(
      `mutation($c: ID!, $f: EngagementFeaturesInput!) {
        predictEngagement(channelId: $c, features: $f) { id predictedEngagement confidence baseline historyLength modelName modelVersion createdAt channel { id title } }
      }`,
      { c: first, f: candidate },
    );
    expect(predicted.errors).toBeUndefined();
    const prediction = predicted.data!.predictEngagement as Record<string, any>;
    expect(prediction.predictedEngagement).toBeGreaterThan(0);
    expect(prediction.predictedEngagement).toBeLessThan(1);
    expect(prediction.confidence).toBeGreaterThan(0);
    expect(prediction.confidence).toBeLessThan(1);
    expect(prediction).toMatchObject({ historyLength: Math.min(32, channels[0]!.posts.length), modelName: 'engagement', modelVersion: predictor().version, channel: { id: first } });

    const read = await stack.query(
      `query($id: ID!) { engagementPrediction(id: $id) { id predictedEngagement confidence features { hourOfDay dayOfWeek contentLength hasMedia views } } predictionConfidence(predictionId: $id) }`,
      { id: prediction.id },
    );
    expect(read.errors).toBeUndefined();
    expect(read.data).toEqual({
      engagementPrediction: { id: prediction.id, predictedEngagement: prediction.predictedEngagement, confidence: prediction.confidence, features: { ...candidate, views: null } },
      predictionConfidence: prediction.confidence,
    });

    const stored = await stack.db('engagement').collection('engagement_predictions').findOne({ _id: prediction.id as never });
    expect(stored).toMatchObject({ channelId: first, modelVersion: predictor().version, inputShape: [33, 20] });
    // The model input as float32 bytes (internal/platform/src/input-bytes-codec.ts): 4 per value.
    expect(stored!.input).toBeInstanceOf(Binary);
    expect((stored!.input as Binary).length()).toBe(33 * 20 * 4);
  });

  it('answers the comprehensive query: a channel with its next-post prediction, and the system health', async () => {
    const result = await stack.query(
      `query($id: ID!) {
        channel(id: $id) { id postCount engagementPrediction { id predictedEngagement confidence modelVersion features { hourOfDay } } }
        systemHealth { status services { name status mongodbReachable models { name version loaded executionProvider } } }
      }`,
      { id: second },
    );
    expect(result.errors).toBeUndefined();
    const data = result.data as any;
    expect(data.channel.engagementPrediction.modelVersion).toBe(predictor().version);
    expect(data.channel.engagementPrediction.features.hourOfDay).toBeGreaterThanOrEqual(0);
    expect(data.systemHealth.status).toBe('UP');
    // Every subgraph of the stack is listed; these two are the ones this test knows.
    expect(data.systemHealth.services).toEqual(
      expect.arrayContaining([
        { name: 'channels', status: 'UP', mongodbReachable: true, models: [] },
        { name: 'engagement', status: 'UP', mongodbReachable: true, models: [{ name: 'engagement', version: predictor().version, loaded: true, executionProvider: 'CPUExecutionProvider' }] },
      ]),
    );
  });

  it('answers the same question with the same prediction id and stores it once', async () => {
    const ask = () =>
      stack.query(`mutation($c: ID!, $f: EngagementFeaturesInput!) { predictEngagement(channelId: $c, features: $f) { id createdAt predictedEngagement } }`, {
        c: third,
        f: { ...candidate, contentLength: 777 },
      });
    const before = await storedPredictions();
    const first = await ask();
    const again = await ask();
    expect(first.errors).toBeUndefined();
    // The same record, first creation time included: the repeat stored nothing new.
    expect(again.data).toEqual(first.data);
    expect(await storedPredictions()).toBe(before + 1);

    // The explorer's default kind of query: a channel's typical next post, asked twice.
    const typical = `query($id: ID!) { channel(id: $id) { engagementPrediction { id } } }`;
    const one = await stack.query(typical, { id: third });
    const two = await stack.query(typical, { id: third });
    expect(two.data).toEqual(one.data);
    expect(await storedPredictions()).toBe(before + 2);

    // A different question is a different prediction.
    const other = await stack.query(`mutation($c: ID!, $f: EngagementFeaturesInput!) { predictEngagement(channelId: $c, features: $f) { id } }`, {
      c: third,
      f: { ...candidate, contentLength: 778 },
    });
    expect((other.data!.predictEngagement as { id: string }).id).not.toBe((first.data!.predictEngagement as { id: string }).id);
  });

  it('stores the predictions of N channels in one query with one write', async () => {
    const { result, writes } = await stack.writesTo('engagement_predictions', () =>
      stack.query(`query($ids: [ID!]!) { channels(ids: $ids) { id engagementPrediction(features: { hourOfDay: 5, dayOfWeek: 4, contentLength: 12, hasMedia: false }) { id } } }`, {
        ids: [first, second, third],
      }),
    );
    expect(result.errors).toBeUndefined();
    expect((result.data!.channels as { engagementPrediction: { id: string } }[]).map((c) => c.engagementPrediction.id)).toHaveLength(3);
    expect(writes).toEqual(['insert']);
  });

  it('batches a batch prediction into one model run, one history query and one write, results in order', async () => {
    const before = { ...predictor().model.stats };
    const historyReads = stack.runtime(engagement).supergraph.stats.byOperation.ChannelHistory ?? 0;
    const ids = [first, second, third, first];
    const { result, writes } = await stack.writesTo('engagement_predictions', () =>
      stack.query(
        `mutation($r: [EngagementRequestInput!]!) { batchPredictEngagement(requests: $r) { id channel { id } } }`,
        { r: ids.map((channelId, i) => ({ channelId, features: { ...candidate, hourOfDay: i } })) },
      ),
    );
    expect(result.errors).toBeUndefined();
    expect(writes).toEqual(['insert']);
    expect((result.data!.batchPredictEngagement as any[]).map((p) => p.channel.id)).toEqual(ids);
    expect(predictor().model.stats.batches - before.batches).toBe(1);
    expect(predictor().model.stats.requests - before.requests).toBe(4);
    // One read of the histories not cached yet (channels an earlier test predicted for are checked by version instead).
    expect((stack.runtime(engagement).supergraph.stats.byOperation.ChannelHistory ?? 0) - historyReads).toBeLessThanOrEqual(1);
  });

  it("replays the channel's recent posts and predicts the 168-hour grid in one query through the gateway, writing nothing", async () => {
    const { result, writes } = await stack.writesTo('engagement_predictions', () =>
      stack.query(
        `query($id: ID!) { channel(id: $id) {
          recentPosts { id postedAt }
          engagementBacktest(posts: 8) { modelVersion mae baselineMae posts { postId predictedEngagement historyLength } }
          postingTimes { historyLength cells { dayOfWeek hourOfDay predictedEngagement } best { dayOfWeek hourOfDay } }
        } }`,
        { id: first },
      ),
    );
    expect(result.errors).toBeUndefined();
    expect(writes).toEqual([]);
    const channel = result.data!.channel as any;
    // The latest 8 posts with 4 or more published before them in the recent window, oldest first.
    const recent = channel.recentPosts as { id: string; postedAt: string }[];
    const replayable = recent.filter((post) => recent.filter((p) => p.postedAt < post.postedAt).length >= 4);
    expect(channel.engagementBacktest.posts.map((p: any) => p.postId)).toEqual(replayable.slice(0, 8).reverse().map((p) => p.id));
    expect(channel.engagementBacktest).toMatchObject({ modelVersion: predictor().version, mae: expect.any(Number), baselineMae: expect.any(Number) });
    expect(channel.postingTimes.cells).toHaveLength(168);
    expect(channel.postingTimes.best).toHaveLength(3);
    expect(channel.postingTimes.historyLength).toBe(Math.min(32, channels[0]!.posts.length));
  });

  it("reads a channel's history once for predictions without an ingest between them, and again after one, whose posts the next prediction sees", async () => {
    const [simulated] = simulateChannels({ seed: 12, channels: 1, days: 10, idPrefix: 'e2e-cached' });
    const channel = { ...simulated!, posts: simulated!.posts.slice(0, 5), subscriberCounts: [] };
    await seedChannels(stack.query, [channel]);
    const reads = () => ({ ...stack.runtime(engagement).supergraph.stats.byOperation });
    const historyLength = async () => {
      const result = await stack.query(`mutation($c: ID!, $f: EngagementFeaturesInput!) { predictEngagement(channelId: $c, features: $f) { historyLength } }`, {
        c: channel.id,
        f: candidate,
      });
      expect(result.errors).toBeUndefined();
      return (result.data!.predictEngagement as { historyLength: number }).historyLength;
    };
    const delta = (before: Record<string, number>, name: string) => (reads()[name] ?? 0) - (before[name] ?? 0);

    const before = reads();
    expect(await historyLength()).toBe(5);
    expect(await historyLength()).toBe(5);
    expect(delta(before, 'ChannelHistory')).toBe(1);
    expect(delta(before, 'ChannelHistoryVersions')).toBe(1);

    await seedChannels(stack.query, [{ ...channel, title: '', posts: simulated!.posts.slice(5, 6) }]);
    expect(await historyLength()).toBe(6);
    expect(delta(before, 'ChannelHistory')).toBe(2);
  });

  it('tells the client its request id, and carries the id it chose', async () => {
    const chosen = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'dashboard-42' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(chosen.headers.get('x-request-id')).toBe('dashboard-42');
    const fresh = await fetch(stack.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a read that would loop back through the engagement subgraph, and stores nothing', async () => {
    const before = await storedPredictions();
    // As if this request had already come out of the engagement subgraph: its history read would be a loop.
    const looped = await stack.query(`mutation($c: ID!, $f: EngagementFeaturesInput!) { predictEngagement(channelId: $c, features: $f) { id } }`, { c: first, f: candidate }, {
      headers: { 'x-request-id': 'loop-1', 'x-telepulse-via': 'engagement' },
    });
    expect(looped.errors?.[0]?.extensions).toMatchObject({ code: 'REQUEST_LOOP', requestId: 'loop-1', via: ['engagement'] });
    expect(await storedPredictions()).toBe(before);
  });

  it('refuses at the gateway a request that bounced through more than 4 services', async () => {
    const response = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telepulse-via': 'a,b,c,d,e' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.status).toBe(508);
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('REQUEST_LOOP');
  });

  it('rejects hour 25 with BAD_USER_INPUT naming the field and value, and stores nothing', async () => {
    const before = await storedPredictions();
    const result = await stack.query(`mutation($c: ID!, $f: EngagementFeaturesInput!) { predictEngagement(channelId: $c, features: $f) { id } }`, {
      c: first,
      f: { ...candidate, hourOfDay: 25 },
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'features.hourOfDay', value: 25 });
    expect(result.errors?.[0]?.message).toContain('features.hourOfDay');
    expect(await storedPredictions()).toBe(before);
  });

  it('takes the post\'s time when given: stored with the prediction, and an hour that disagrees with it is BAD_USER_INPUT', async () => {
    const postedAt = '2024-06-05T19:30:00.000Z'; // a Wednesday, 19 h UTC
    const timed = { ...candidate, hourOfDay: 19, dayOfWeek: 2, postedAt };
    const ok = await stack.query(`mutation($c: ID!, $f: EngagementFeaturesInput!) { predictEngagement(channelId: $c, features: $f) { id features { postedAt } } }`, { c: first, f: timed });
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.predictEngagement).toMatchObject({ features: { postedAt } });

    const before = await storedPredictions();
    const result = await stack.query(`mutation($c: ID!, $f: EngagementFeaturesInput!) { predictEngagement(channelId: $c, features: $f) { id } }`, { c: first, f: { ...timed, hourOfDay: 7 } });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'features.hourOfDay', value: 7 });
    expect(result.errors?.[0]?.message).toContain('the UTC hour of postedAt');
    expect(await storedPredictions()).toBe(before);
  });

  it('rejects a batch with one invalid request as a whole, naming the request', async () => {
    const before = await storedPredictions();
    const result = await stack.query(`mutation($r: [EngagementRequestInput!]!) { batchPredictEngagement(requests: $r) { id } }`, {
      r: [{ channelId: first, features: candidate }, { channelId: second, features: { ...candidate, dayOfWeek: 9 } }],
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'requests[1].features.dayOfWeek', value: 9 });
    expect(await storedPredictions()).toBe(before);
  });

  it('rejects a negative view count on ingest with BAD_USER_INPUT and writes nothing', async () => {
    const post = { ...channels[0]!.posts[0]!, id: 'neg-1' };
    const result = await stack.query(`mutation($p: [PostInput!]!) { ingestPosts(channelId: "fresh-channel", posts: $p) { inserted } }`, {
      p: [{ ...post, id: 'ok-1' }, { ...post, views: -5 }],
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'posts[1].views', value: -5 });
    expect(await stack.db('channels').collection('posts').countDocuments({ channelId: 'fresh-channel' })).toBe(0);
    expect(await stack.db('channels').collection('channels').countDocuments({ _id: 'fresh-channel' as never })).toBe(0);
  });

  it('rejects a post without a date with BAD_USER_INPUT naming postedAt, and writes nothing', async () => {
    const { postedAt: _dropped, ...undated } = channels[0]!.posts[0]!;
    const result = await stack.query(`mutation($p: [PostInput!]!) { ingestPosts(channelId: "undated", posts: $p) { inserted } }`, { p: [undated] });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toContain('postedAt');
    expect(await stack.db('channels').collection('channels').countDocuments({ _id: 'undated' as never })).toBe(0);
  });

  it('answers NOT_FOUND for an unknown channel, in a prediction and in the channel query', async () => {
    const predicted = await stack.query(`mutation($f: EngagementFeaturesInput!) { predictEngagement(channelId: "no-such-channel", features: $f) { id } }`, { f: candidate });
    expect(predicted.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', id: 'no-such-channel' });
    const read = await stack.query(`{ channel(id: "no-such-channel") { id } systemHealth { status } }`);
    expect(read.data).toEqual({ channel: null, systemHealth: { status: 'UP' } });
    expect(read.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('validates features without predicting, with warnings for values the model rarely saw', async () => {
    const result = await stack.query(`query($f: EngagementFeaturesInput!) { validateEngagementFeatures(features: $f) { valid errors { field value message } warnings { field } } }`, {
      f: { ...candidate, hourOfDay: -1, contentLength: 5000 },
    });
    expect(result.data!.validateEngagementFeatures).toMatchObject({
      valid: false,
      errors: [{ field: 'features.hourOfDay', value: '-1', message: 'must be between 0 and 23' }],
      warnings: [{ field: 'features.contentLength' }],
    });
  });

  it('turns the engagement service DOWN in systemHealth when an inference worker dies, and back UP without a restart', async () => {
    const health = `{ systemHealth { status services { name status checks { name status error } } } }`;
    const engagementOf = (result: Awaited<ReturnType<typeof stack.query>>) => (result.data as any).systemHealth.services.find((s: any) => s.name === 'engagement');
    const [worker] = predictor().model.workers;
    await worker!.terminate();

    const down = await stack.query(health);
    expect(down.errors).toBeUndefined();
    expect((down.data as any).systemHealth.status).toBe('DEGRADED');
    expect(engagementOf(down)).toMatchObject({ status: 'DOWN' });
    expect(engagementOf(down).checks.find((c: any) => c.name === 'model:engagement')).toMatchObject({ status: 'DOWN', error: expect.stringMatching(/^an inference worker stopped/) });
    const own = await fetch(new URL('/health', stack.url(engagement)));
    expect(own.status).toBe(503);

    // piscina starts a replacement; after the recovery delay a canary on it brings the model back.
    const up = await pollUntil(() => stack.query(health), (result) => (result.data as any)?.systemHealth?.status === 'UP');
    expect(engagementOf(up).checks.find((c: any) => c.name === 'model:engagement')).toMatchObject({ status: 'UP', error: null });
    expect(predictor().model.workers).toHaveLength(1);
    expect(predictor().model.workers).not.toContain(worker);
    const predicted = await stack.query(`mutation($c: ID!, $f: EngagementFeaturesInput!) { predictEngagement(channelId: $c, features: $f) { id } }`, { c: first, f: candidate });
    expect(predicted.errors).toBeUndefined();
  });
});
