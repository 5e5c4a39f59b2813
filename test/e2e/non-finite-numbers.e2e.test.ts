import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionClosedEvent } from 'mongodb';
import { simulateChannels } from '@telepulse/dataset';
import { seedChannels } from '@telepulse/devstack/seed';
import engagement from '@telepulse/engagement/subgraph';
import { testMongo } from '../support/mongo.js';
import { startStack } from '../support/stack.js';

const [channel] = simulateChannels({ seed: 41, channels: 1, days: 10, idPrefix: 'nan' });
const post = { id: 'p1', postedAt: '2024-05-01T10:00:00Z', views: 100, forwards: 1, replies: 2, reactions: 3, text: 'hi', textLength: 2, hasMedia: false };
const history = { postedAt: '2024-05-01T10:00:00.000Z', views: 100, forwards: 1, replies: 2, reactions: 3, textLength: 2, hasMedia: false };
const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Channel { engagementPrediction(features: { hourOfDay: 9, dayOfWeek: 1, contentLength: 10, hasMedia: false }) { id } } } }`;

/**
 * NaN, Infinity and out-of-range numbers, wherever a request can carry one, are refused with
 * BAD_USER_INPUT naming the field before any database call: FerretDB answers a NaN in a command
 * by closing the connection, which fails every operation in flight on it.
 */
describe('numbers that are not finite never reach the database', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  const closed: ConnectionClosedEvent[] = [];
  const predictions = () => stack.db('engagement').collection('engagement_predictions').countDocuments();

  /** Posts a raw JSON body (JSON.stringify cannot write 1e999, which JSON.parse reads as Infinity). */
  async function raw(url: string, body: string) {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return (await response.json()) as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  }

  beforeAll(async () => {
    mongo = await testMongo();
    stack = await startStack({ mongodbUri: mongo.uri, prefix: mongo.prefix });
    await seedChannels(stack.query, [channel!]);
    stack.client.on('connectionClosed', (event) => closed.push(event));
  });
  afterAll(async () => {
    await stack?.stop();
    await mongo?.drop();
  });

  it.each([
    ['an ingested view count', `{"query":"mutation($p:[PostInput!]!){ingestPosts(channelId:\\"nan-x\\",posts:$p){inserted}}","variables":{"p":[${JSON.stringify({ ...post, views: 0 }).replace('"views":0', '"views":1e999')}]}}`],
    ['a subscriber count', `{"query":"mutation($p:[SubscriberCountInput!]!){ingestSubscriberCounts(channelId:\\"nan-x\\",points:$p){inserted}}","variables":{"p":[{"date":"2024-05-01","count":-1e999}]}}`],
    ['a page size', `{"query":"query($n:Int!){channel(id:\\"${channel!.id}\\"){posts(limit:$n){id}}}","variables":{"n":1e999}}`],
    ['a candidate post', `{"query":"mutation($f:EngagementFeaturesInput!){predictEngagement(channelId:\\"${channel!.id}\\",features:$f){id}}","variables":{"f":{"hourOfDay":9,"dayOfWeek":1,"contentLength":1e999,"hasMedia":false}}}`],
  ])('through the gateway: %s is refused as BAD_USER_INPUT and nothing is written', async (_what, body) => {
    const before = await predictions();
    const result = await raw(stack.gatewayUrl, body);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await stack.db('channels').collection('channels').findOne({ _id: 'nan-x' as never })).toBeNull();
    expect(await predictions()).toBe(before);
    expect(closed).toEqual([]);
  });

  it.each([
    ['views', 'NaN as a string', { views: 'NaN' }],
    ['views', 'Infinity', { views: '__INF__' }],
    ['textLength', 'a negative length', { textLength: -3 }],
    ['postedAt', 'an impossible date', { postedAt: '2024-02-30T00:00:00Z' }],
    ['replies', 'a fraction', { replies: 0.5 }],
  ])('a channel representation whose recent post has %s as %s is BAD_USER_INPUT naming it; nothing stored, no connection lost', async (field, _what, change) => {
    const before = await predictions();
    const representation = { __typename: 'Channel', id: channel!.id, recentPosts: [history, { ...history, ...change }] };
    const body = JSON.stringify({ query: ENTITIES, variables: { r: [representation] } }).replace('"__INF__"', '1e999');
    // With a gateway proof: a representation that got past the gateway is still checked as input.
    const result = (await (await stack.subgraphRequest(engagement, body)).json()) as { errors?: { extensions?: Record<string, unknown> }[] };
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: `representations[0].recentPosts[1].${field}` });
    expect(await predictions()).toBe(before);
    expect(closed).toEqual([]);
  });
});
