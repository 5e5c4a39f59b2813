import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateChannels } from '@telepulse/dataset';
import { seedChannels } from '@telepulse/devstack/seed';
import { addDays, type GrowthPoint } from '@telepulse/models/growth/series';
import { COMPREHENSIVE_QUERY } from '@telepulse/devstack/comprehensive-query';
import channelsSubgraph from '@telepulse/channels/subgraph';
import engagement from '@telepulse/engagement/subgraph';
import growth from '@telepulse/growth/subgraph';
import content from '@telepulse/content/subgraph';
import { checkContent } from '@telepulse/content/domain/content-checks';
import { POINT_READS_MAX } from '@telepulse/platform/mongo';
import { testMongo } from '../support/mongo.js';
import { pollUntil } from '../support/poll.js';
import { startStack } from '../support/stack.js';

// Channels counted on enough days for a forecast (the simulator starts some channels' counts late).
const seeded = simulateChannels({ seed: 10, channels: 28, days: 45, idPrefix: 'cq' }).filter((c) => c.subscriberCounts.length >= 35);
const [warm, single, ...rest] = seeded;
const twenty = rest.slice(0, 20);
const byId = new Map(seeded.map((c) => [c.id, c]));

/** The texts Channel.contentAnalysis reads of a channel: its newest 32 posts (by time, then id, as the channels subgraph keeps them) with a text validateContent accepts. */
const recentTexts = (id: string) =>
  [...byId.get(id)!.posts]
    .sort((a, b) => b.postedAt.localeCompare(a.postedAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .slice(0, 32)
    .flatMap((p) => (p.text !== null && checkContent(p.text, 'text').errors.length === 0 ? [p.text] : []));
/**
 * What content's models run for channels' analyses: every distinct text of them that the models
 * have not read before (`read`, which this adds them to) once, in batches of the kit's default
 * 64; a text read before is answered from the model's cache (EstimateCache).
 */
const contentRuns = (ids: readonly string[], read: Set<string>) => {
  const fresh = [...new Set(ids.flatMap(recentTexts))].filter((text) => !read.has(text));
  for (const text of fresh) read.add(text);
  return { batches: Math.ceil(fresh.length / 64), requests: fresh.length };
};

const { channel: ONE, channels: MANY, listChannels: LIST } = COMPREHENSIVE_QUERY;

interface ChannelParts {
  id: string;
  title: string | null;
  engagementPrediction: { predictedEngagement: number; confidence: number } | null;
  growthForecast: { points: GrowthPoint[] } | null;
  contentAnalysis: { count: number; meanViralScore: number; clusters: { size: number }[] } | null;
}

/** How many of each command, e.g. `{ 'channels.subscriber_counts find': 1 }`. */
const tally = (commands: readonly string[]) => commands.reduce<Record<string, number>>((counts, c) => ({ ...counts, [c]: (counts[c] ?? 0) + 1 }), {});

/**
 * Every part of a channel there (but `missing`, which must be null), and as its stored data
 * says: its title, a rate and a chance, the 7 days after its last count with nested intervals.
 */
function expectComplete(channel: ChannelParts, missing?: 'engagementPrediction' | 'growthForecast' | 'contentAnalysis') {
  const record = byId.get(channel.id)!;
  expect(channel.title).toBe(record.title);
  if (missing) expect(channel[missing]).toBeNull();
  if (missing !== 'engagementPrediction') {
    const { predictedEngagement, confidence } = channel.engagementPrediction!;
    expect(predictedEngagement).toBeGreaterThan(0);
    expect(predictedEngagement).toBeLessThan(1);
    expect(confidence).toBeGreaterThan(0);
    expect(confidence).toBeLessThan(1);
  }
  if (missing !== 'growthForecast') {
    const last = record.subscriberCounts.at(-1)!.date;
    const points = channel.growthForecast!.points;
    expect(points.map((p) => p.date)).toEqual(Array.from({ length: 7 }, (_, d) => addDays(last, d + 1)));
    for (const p of points) {
      const bounds = [p.lower95, p.lower80, p.value, p.upper80, p.upper95];
      expect(bounds).toEqual([...bounds].sort((a, b) => a - b));
    }
  }
  if (missing !== 'contentAnalysis') {
    const { count, meanViralScore, clusters } = channel.contentAnalysis!;
    expect(count).toBe(recentTexts(channel.id).length);
    expect(clusters.reduce((n, c) => n + c.size, 0)).toBe(count);
    expect(meanViralScore).toBeGreaterThanOrEqual(0);
    expect(meanViralScore).toBeLessThanOrEqual(1);
  }
}

describe('the comprehensive query through the gateway', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  let stack: Awaited<ReturnType<typeof startStack>>;

  beforeAll(async () => {
    mongo = await testMongo();
    // No model following: its reads of learning's registry every MODEL_SYNC_MS would land in the counts of database commands below.
    stack = await startStack({ mongodbUri: mongo.uri, prefix: mongo.prefix });
    await seedChannels(stack.query, seeded);
  });
  afterAll(async () => {
    await stack?.stop();
    await mongo?.drop();
  });

  it('answers one channel: its title, its next post\'s prediction, its 7-day forecast, its content analysis and the system health, the same parts as asked one by one', async () => {
    const result = await stack.query<{ channel: ChannelParts; systemHealth: unknown }>(ONE, { id: warm!.id });
    expect(result.errors).toBeUndefined();
    expectComplete(result.data!.channel);
    expect(result.data!.systemHealth).toEqual({
      status: 'UP',
      services: expect.arrayContaining(['channels', 'engagement', 'growth', 'content'].map((name) => ({ name, status: 'UP' }))),
    });

    const alone = await stack.query(`query($id: ID!) { channel(id: $id) { engagementPrediction { predictedEngagement confidence } } }`, { id: warm!.id });
    expect(alone.data!.channel.engagementPrediction).toEqual(result.data!.channel.engagementPrediction);
    const forecast = await stack.query(`mutation($id: ID!) { forecastGrowth(channelId: $id, days: 7) { points { date value lower80 upper80 lower95 upper95 } } }`, { id: warm!.id });
    expect(forecast.data!.forecastGrowth).toEqual(result.data!.channel.growthForecast);
    const analysis = await stack.query(
      `query($id: ID!) { channel(id: $id) { contentAnalysis { count meanRelativeEngagement meanViralScore clusterSilhouette clusters { size representative meanRelativeEngagement meanViralScore } } } }`,
      { id: warm!.id },
    );
    expect(analysis.data!.channel.contentAnalysis).toEqual(result.data!.channel.contentAnalysis);
  });

  it('asks each subgraph\'s database as often for 20 channels as for 1 (one query per collection) and runs each model once (content: once per 64 texts)', async () => {
    const ask = async (query: string, variables: Record<string, unknown>) => {
      const before = await stack.modelRuns();
      const { result, commands } = await stack.commandsDuring(() => stack.query(query, variables));
      expect(result.errors).toBeUndefined();
      const after = await stack.modelRuns();
      const runs = Object.fromEntries(Object.keys(after).map((model) => [model, { batches: after[model]!.batches - before[model]!.batches, requests: after[model]!.requests - before[model]!.requests }]));
      return { commands: tally(commands), runs };
    };
    // Channels nothing was asked of yet: every prediction and forecast is new.
    const one = await ask(ONE, { id: single!.id });
    const many = await ask(MANY, { ids: twenty.map((c) => c.id) });

    expect(many.commands).toEqual(one.commands);
    // channels: the client's read, then growth's two reads of the counts through the gateway (where they end, then the days); one write per prediction store.
    expect(many.commands).toEqual({
      'channels.channels find': 3,
      'channels.subscriber_counts find': 1,
      'engagement.engagement_predictions insert': 1,
      'growth.growth_forecasts insert': 1,
    });
    // Content stores nothing for an analysis, and runs each model over every text of the request at once: one batch per 64 texts, never one per channel.
    // The first test analysed `warm`; simulated channels share some texts, and a text read once is not run again.
    const read = { cnn: new Set(recentTexts(warm!.id)), viral: new Set(recentTexts(warm!.id)) };
    const texts = (ids: readonly string[]) => ({ 'content/content-cnn': contentRuns(ids, read.cnn), 'content/content-viral': contentRuns(ids, read.viral) });
    expect(one.runs).toEqual({ 'engagement/engagement': { batches: 1, requests: 1 }, 'growth/growth': { batches: 1, requests: 1 }, ...texts([single!.id]) });
    expect(many.runs).toEqual({ 'engagement/engagement': { batches: 1, requests: 20 }, 'growth/growth': { batches: 1, requests: 20 }, ...texts(twenty.map((c) => c.id)) });

    // Asked again, the stored predictions and forecasts are answered as stored by the stores that wrote them (their
    // by-id caches keep what they write): no query and no write of either store, whatever the count.
    // The channels' histories and count series are cached per channel until an ingest moves their version, so
    // fewer reads of them reach channels' database (none of the counts here); never more than the first time.
    const budget: Record<string, number> = { ...many.commands, 'engagement.engagement_predictions find': 1, 'growth.growth_forecasts find': 1 };
    const withinBudget = (commands: Record<string, number>) => {
      for (const [command, count] of Object.entries(commands)) expect({ command, count }).toEqual({ command, count: Math.min(count, budget[command] ?? 0) });
    };
    const again = await ask(MANY, { ids: twenty.map((c) => c.id) });
    withinBudget(again.commands);
    // Nor does content run either model again for the texts it read.
    expect(again.runs).toMatchObject({ 'content/content-cnn': { batches: 0, requests: 0 }, 'content/content-viral': { batches: 0, requests: 0 } });
    for (const command of ['engagement.engagement_predictions find', 'engagement.engagement_predictions insert', 'growth.growth_forecasts find', 'growth.growth_forecasts insert']) {
      expect(again.commands[command], command).toBeUndefined();
    }
    expect(again.commands['channels.subscriber_counts find']).toBeUndefined();
    // Every channel (some never asked before, so their histories and counts are read): still one query per collection.
    const listed = await ask(LIST, { limit: 50 });
    // Growth's read of the few channels never asked before goes by point reads of their documents (one query
    // each, up to POINT_READS_MAX, where one `$in` would make FerretDB decode every channel document).
    const channelFinds = budget['channels.channels find']!;
    budget['channels.channels find'] = channelFinds + POINT_READS_MAX - 1;
    withinBudget(listed.commands);
    budget['channels.channels find'] = channelFinds;
    expect(listed.runs).toEqual({ 'engagement/engagement': { batches: 1, requests: seeded.length }, 'growth/growth': { batches: 1, requests: seeded.length }, ...texts(seeded.map((c) => c.id)) });
  });

  it('answers channels(ids) in the order asked and listChannels for every channel, each with all its parts', async () => {
    const ids = [...twenty].reverse().map((c) => c.id);
    const many = await stack.query<{ channels: ChannelParts[] }>(MANY, { ids });
    expect(many.errors).toBeUndefined();
    expect(many.data!.channels.map((c) => c.id)).toEqual(ids);
    many.data!.channels.forEach((c) => expectComplete(c));

    const listed = await stack.query<{ listChannels: ChannelParts[] }>(LIST, { limit: 50 });
    expect(listed.errors).toBeUndefined();
    expect(listed.data!.listChannels.map((c) => c.id).sort()).toEqual(seeded.map((c) => c.id).sort());
    listed.data!.listChannels.forEach((c) => expectComplete(c));
  });

  describe.each([
    { down: engagement, missing: 'engagementPrediction' },
    { down: growth, missing: 'growthForecast' },
    { down: content, missing: 'contentAnalysis' },
  ] as const)('with the $down.name subgraph down', ({ down, missing }) => {
    it(`still answers the other parts, with SERVICE_UNAVAILABLE naming ${down.name} at each channel's ${missing}, and answers whole once it is back`, async () => {
      const ids = twenty.slice(0, 3).map((c) => c.id);
      await stack.stopSubgraph(down);
      try {
        const partial = await stack.query<{ channels: ChannelParts[]; systemHealth: { status: string; services: { name: string; status: string }[] } }>(MANY, { ids });
        expect(partial.errors!.map((e) => ({ path: e.path, code: e.extensions?.code, serviceName: e.extensions?.serviceName }))).toEqual(
          ids.map((_, i) => ({ path: ['channels', i, missing], code: 'SERVICE_UNAVAILABLE', serviceName: down.name })),
        );
        expect(partial.errors![0]!.message).toMatch(new RegExp(`^Channel\\.${missing} is missing: the ${down.name} subgraph is unavailable`));
        expect(partial.data!.channels.map((c) => c.id)).toEqual(ids);
        for (const channel of partial.data!.channels) expectComplete(channel, missing);
        expect(partial.data!.systemHealth.status).toBe('DEGRADED');
        expect(partial.data!.systemHealth.services).toContainEqual({ name: down.name, status: 'DOWN' });
      } finally {
        await stack.restartSubgraph(down);
      }
      const whole = await pollUntil(() => stack.query<{ channels: ChannelParts[] }>(MANY, { ids }), (r) => r.errors === undefined);
      whole.data!.channels.forEach((c) => expectComplete(c));
    });
  });

  it('with the channels subgraph down, still answers the system health, with SERVICE_UNAVAILABLE naming channels where the channels would be', async () => {
    type Answer = { channel?: null; channels?: null; systemHealth: { status: string; services: { name: string; status: string }[] } };
    await stack.stopSubgraph(channelsSubgraph);
    try {
      for (const [query, variables, field] of [
        [ONE, { id: single!.id }, 'channel'],
        [MANY, { ids: [single!.id, warm!.id] }, 'channels'],
        [LIST, { limit: 50 }, 'listChannels'],
      ] as const) {
        const partial = await stack.query<Answer>(query, variables);
        expect(partial.errors!.map((e) => ({ path: e.path, code: e.extensions?.code, serviceName: e.extensions?.serviceName }))).toEqual([
          { path: [field], code: 'SERVICE_UNAVAILABLE', serviceName: 'channels' },
        ]);
        expect(partial.errors![0]!.message).toMatch(new RegExp(`^Query\\.${field} is missing: the channels subgraph is unavailable`));
        expect(partial.data).toEqual({ [field]: null, systemHealth: { status: 'DEGRADED', services: expect.arrayContaining([{ name: 'channels', status: 'DOWN' }]) } });
      }
    } finally {
      await stack.restartSubgraph(channelsSubgraph);
    }
  });
});
