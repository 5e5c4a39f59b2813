import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateChannels } from '@telepulse/dataset';
import { seedChannels } from '@telepulse/devstack/seed';
import { ENGAGEMENT_DRIFT_FEATURES, engagementDriftFeatures } from '@telepulse/models/engagement/drift-features';
import { FEATURES_PER_POST, HISTORY_POSTS } from '@telepulse/models/engagement/features';
import { GROWTH_DRIFT_FEATURES, growthDriftFeatures } from '@telepulse/models/growth/drift-features';
import { GROWTH_FEATURES } from '@telepulse/models/growth/features';
import { VIRAL_DRIFT_FEATURES, viralDriftFeatures } from '@telepulse/models/content-viral/drift-features';
import { modelsWithFeedback } from '@telepulse/models/catalog/model-catalog';
import { testMongo } from '../support/mongo.js';
import { startStack } from '../support/stack.js';

// Channels counted on enough days for a forecast, with posts that have text.
const seeded = simulateChannels({ seed: 12, channels: 8, days: 45, idPrefix: 'sp' }).filter((c) => c.subscriberCounts.length >= 35 && c.posts.some((p) => p.text));
const [first, second] = seeded;

const SERVED = `id model { id } modelVersion outcome channelId postId postedAt createdAt points { date value lower80 upper80 lower95 upper95 } features { name value } modelInput { shape values }`;

interface Served {
  id: string;
  model: { id: string };
  modelVersion: string;
  outcome: string;
  channelId: string;
  postId: string | null;
  postedAt: string | null;
  createdAt: string;
  points: { date: string | null; value: number; lower80: number | null; upper80: number | null; lower95: number | null; upper95: number | null }[];
  features: { name: string; value: number }[];
  modelInput: { shape: number[]; values: number[] } | null;
}

const featureMap = (served: Served) => Object.fromEntries(served.features.map((f) => [f.name, f.value]));

describe('served predictions through the gateway', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  let stack: Awaited<ReturnType<typeof startStack>>;

  beforeAll(async () => {
    mongo = await testMongo();
    stack = await startStack({ mongodbUri: mongo.uri, prefix: mongo.prefix });
    await seedChannels(stack.query, seeded);
  });
  afterAll(async () => {
    await stack?.stop();
    await mongo?.drop();
  });

  const predict = async (channelId: string, hourOfDay: number, contentLength: number) => {
    const result = await stack.query(
      `mutation($c: ID!, $f: EngagementFeaturesInput!) { predictEngagement(channelId: $c, features: $f) { id predictedEngagement modelVersion model { id } createdAt } }`,
      { c: channelId, f: { hourOfDay, dayOfWeek: 2, contentLength, hasMedia: true, postedAt: `2025-01-08T${String(hourOfDay).padStart(2, '0')}:30:00Z` } },
    );
    expect(result.errors).toBeUndefined();
    return result.data!.predictEngagement as { id: string; predictedEngagement: number; modelVersion: string; model: { id: string }; createdAt: string };
  };

  it('reads a served engagement prediction back by id: its model, version, rate, post time and input features', async () => {
    const made = await predict(first!.id, 14, 300);
    expect(made.model).toEqual({ id: 'engagement' });
    const result = await stack.query(`query($ids: [ID!]!) { servedEngagementPredictions(ids: $ids) { ${SERVED} } }`, { ids: ['0'.repeat(32), made.id] });
    expect(result.errors).toBeUndefined();
    const [unknown, served] = result.data!.servedEngagementPredictions as [null, Served];
    expect(unknown).toBeNull();
    expect(served).toMatchObject({
      id: made.id,
      model: { id: 'engagement' },
      modelVersion: made.modelVersion,
      outcome: 'ENGAGEMENT_RATE',
      channelId: first!.id,
      postId: null,
      postedAt: '2025-01-08T14:30:00.000Z',
      createdAt: made.createdAt,
      points: [{ date: null, value: made.predictedEngagement, lower80: null, upper80: null, lower95: null, upper95: null }],
    });
    expect(served.features.map((f) => f.name)).toEqual([...ENGAGEMENT_DRIFT_FEATURES]);
    const features = featureMap(served);
    expect(features.hourOfDay).toBeCloseTo(14.5, 3);
    expect(features.dayOfWeek).toBe(2);
    expect(features.lnContentLength).toBeCloseTo(Math.log1p(300), 4);
    expect(features.hasMedia).toBe(1);
    expect(features.historyLength).toBe(Math.min(32, first!.posts.length));
    expect(features.historyMedianRate).toBeGreaterThan(0);
    expect(features.historyMedianRate).toBeLessThan(1);
    // The stored input is the exact tensor the model read: its history posts then the candidate, and the drift features are read from it.
    const input = served.modelInput!;
    expect(input.shape).toEqual([HISTORY_POSTS + 1, FEATURES_PER_POST]);
    expect(input.values).toHaveLength(input.shape[0]! * input.shape[1]!);
    expect(input.values.every(Number.isFinite)).toBe(true);
    const fromInput = engagementDriftFeatures(input.values, input.shape[0]! - 1);
    for (const name of ENGAGEMENT_DRIFT_FEATURES) expect(features[name]).toBeCloseTo(fromInput[name]!, 4);
  });

  it('reads a served growth forecast back by id: its days with their intervals and its input features', async () => {
    const made = await stack.query(`mutation($c: ID!) { forecastGrowth(channelId: $c, days: 5) { id modelVersion model { id } points { date value lower80 upper80 lower95 upper95 } historyDays lastCount } }`, {
      c: second!.id,
    });
    expect(made.errors).toBeUndefined();
    const forecast = made.data!.forecastGrowth;
    expect(forecast.model).toEqual({ id: 'growth' });
    const result = await stack.query(`query($ids: [ID!]!) { servedGrowthForecasts(ids: $ids) { ${SERVED} } }`, { ids: [forecast.id, 'nope'] });
    expect(result.errors).toBeUndefined();
    const [served, unknown] = result.data!.servedGrowthForecasts as [Served, null];
    expect(unknown).toBeNull();
    expect(served).toMatchObject({ id: forecast.id, model: { id: 'growth' }, modelVersion: forecast.modelVersion, outcome: 'SUBSCRIBER_COUNT', channelId: second!.id, postId: null, postedAt: null });
    expect(served.points).toEqual(forecast.points);
    expect(served.features.map((f) => f.name)).toEqual([...GROWTH_DRIFT_FEATURES]);
    const features = featureMap(served);
    expect(features.historyDays).toBe(forecast.historyDays);
    expect(features.lnLastCount).toBeCloseTo(Math.log1p(forecast.lastCount), 4);
    expect(features.stdDailyLogGain).toBeGreaterThanOrEqual(0);
    // The model's window of days, exactly as it read it.
    const input = served.modelInput!;
    expect(input.shape[1]).toBe(GROWTH_FEATURES);
    expect(input.values).toHaveLength(input.shape[0]! * input.shape[1]!);
    const fromInput = growthDriftFeatures(input.values, input.shape[0]!);
    for (const name of GROWTH_DRIFT_FEATURES) expect(features[name]).toBeCloseTo(fromInput[name]!, 4);
  });

  it('reads a served viral detection back by id: its post, probability and text features', async () => {
    const posts = await stack.query(`query($id: ID!) { channel(id: $id) { recentPosts { id text viralPotential { id score modelVersion model { id } } } } }`, { id: first!.id });
    expect(posts.errors).toBeUndefined();
    const judged = (posts.data!.channel.recentPosts as { id: string; text: string; viralPotential: { id: string; score: number; modelVersion: string; model: { id: string } } | null }[]).filter(
      (p) => p.viralPotential,
    );
    expect(judged.length).toBeGreaterThan(1);
    const [a, b] = judged;
    expect(a!.viralPotential!.model).toEqual({ id: 'content-viral' });
    const result = await stack.query(`query($ids: [ID!]!) { servedViralDetections(ids: $ids) { ${SERVED} } }`, { ids: [b!.viralPotential!.id, 'missing', a!.viralPotential!.id] });
    expect(result.errors).toBeUndefined();
    const [servedB, missing, servedA] = result.data!.servedViralDetections as [Served, null, Served];
    expect(missing).toBeNull();
    expect(servedB.id).toBe(b!.viralPotential!.id);
    expect(servedA).toMatchObject({
      id: a!.viralPotential!.id,
      model: { id: 'content-viral' },
      modelVersion: a!.viralPotential!.modelVersion,
      outcome: 'VIRAL',
      channelId: first!.id,
      postId: a!.id,
      postedAt: null,
      points: [{ date: null, value: a!.viralPotential!.score, lower80: null, upper80: null, lower95: null, upper95: null }],
    });
    const expected = viralDriftFeatures(a!.text);
    expect(servedA.features.map((f) => f.name)).toEqual([...VIRAL_DRIFT_FEATURES]);
    for (const name of VIRAL_DRIFT_FEATURES) expect(featureMap(servedA)[name]).toBeCloseTo(expected[name], 6);
    // The text stays with the channels subgraph: no input is kept for a detection.
    expect(servedA.modelInput).toBeNull();
  });

  it('lists recent predictions newest first, from `since`, at most `limit`', async () => {
    const since = new Date().toISOString();
    const made = [await predict(second!.id, 9, 10), await predict(second!.id, 10, 20), await predict(second!.id, 11, 30)];
    const recent = async (field: string, after: string, limit: number) => {
      const result = await stack.query(`query($s: DateTime!, $l: Int!) { ${field}(since: $s, limit: $l) { id createdAt } }`, { s: after, l: limit });
      expect(result.errors).toBeUndefined();
      return result.data![field] as { id: string; createdAt: string }[];
    };
    const all = await recent('recentEngagementPredictions', since, 10);
    expect(all.map((p) => p.id)).toEqual(made.map((p) => p.id).reverse());
    expect((await recent('recentEngagementPredictions', since, 2)).map((p) => p.id)).toEqual([made[2]!.id, made[1]!.id]);
    expect(await recent('recentEngagementPredictions', made[2]!.createdAt, 10)).toEqual([all[0]]);
    expect(await recent('recentEngagementPredictions', new Date(Date.now() + 3_600_000).toISOString(), 10)).toEqual([]);
    // The other kinds served earlier in this file.
    expect((await recent('recentGrowthForecasts', '2000-01-01T00:00:00Z', 5)).length).toBe(1);
    const detections = await recent('recentViralDetections', '2000-01-01T00:00:00Z', 5000);
    expect(detections.length).toBeGreaterThan(1);
    expect(detections.map((d) => d.createdAt)).toEqual([...detections.map((d) => d.createdAt)].sort().reverse());
  });

  it('serves every catalog model that takes feedback under the field names the catalog gives', async () => {
    const aliases = modelsWithFeedback().map((m, i) => `s${i}: ${m.served}(ids: ["x"]) { id } r${i}: ${m.recent}(since: "2000-01-01T00:00:00Z", limit: 1) { id }`);
    const result = await stack.query(`{ ${aliases.join(' ')} }`);
    expect(result.errors).toBeUndefined();
    modelsWithFeedback().forEach((_, i) => {
      expect(result.data![`s${i}`]).toEqual([null]);
      expect(result.data![`r${i}`]).toHaveLength(1);
    });
  });

  it('gives each model in service\'s reference statistics for exactly the features its served predictions carry', async () => {
    const result = await stack.query(`{
      engagementServingReference { model { id } version features { name quantiles mean std count } }
      growthServingReference { model { id } version features { name quantiles mean std count } }
      contentViralServingReference { model { id } version features { name quantiles mean std count } }
      engagementModel { version }
      growthModel { version }
    }`);
    expect(result.errors).toBeUndefined();
    const expected = [
      ['engagementServingReference', 'engagement', ENGAGEMENT_DRIFT_FEATURES, result.data!.engagementModel.version],
      ['growthServingReference', 'growth', GROWTH_DRIFT_FEATURES, result.data!.growthModel.version],
      ['contentViralServingReference', 'content-viral', VIRAL_DRIFT_FEATURES, undefined],
    ] as const;
    for (const [field, model, names, version] of expected) {
      const reference = result.data![field] as { model: { id: string }; version: string; features: { name: string; quantiles: number[]; mean: number; std: number; count: number }[] };
      expect(reference.model).toEqual({ id: model });
      if (version) expect(reference.version).toBe(version);
      expect(reference.features.map((f) => f.name)).toEqual([...names]);
      for (const f of reference.features) {
        expect(f.quantiles).toHaveLength(101);
        expect(f.quantiles).toEqual([...f.quantiles].sort((a, b) => a - b));
        expect(f.mean).toBeGreaterThanOrEqual(f.quantiles[0]!);
        expect(f.mean).toBeLessThanOrEqual(f.quantiles[100]!);
        expect(f.count).toBeGreaterThan(1000);
      }
    }
    // The viral version is the one its served detections carry.
    const detections = await stack.query(`{ recentViralDetections(since: "2000-01-01T00:00:00Z", limit: 1) { modelVersion } }`);
    expect(result.data!.contentViralServingReference.version).toBe(detections.data!.recentViralDetections[0].modelVersion);
  });

  it('refuses more than 1,000 ids and a limit outside 1..5,000 with BAD_USER_INPUT naming the argument', async () => {
    for (const { served, recent } of modelsWithFeedback()) {
      const tooMany = await stack.query(`query($ids: [ID!]!) { ${served}(ids: $ids) { id } }`, { ids: Array.from({ length: 1001 }, (_, i) => `id-${i}`) });
      expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids', value: 1001 });
      for (const limit of [0, 5001]) {
        const bad = await stack.query(`query($l: Int!) { ${recent}(since: "2000-01-01T00:00:00Z", limit: $l) { id } }`, { l: limit });
        expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'limit', value: limit });
      }
      const badSince = await stack.query(`{ ${recent}(since: "yesterday", limit: 1) { id } }`);
      expect(badSince.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    const empty = await stack.query(`{ servedEngagementPredictions(ids: []) { id } }`);
    expect(empty.data).toEqual({ servedEngagementPredictions: [] });
  });
});
