import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateChannels, type ChannelRecord } from '@telepulse/dataset';
import { seedChannels } from '@telepulse/devstack/seed';
import content from '@telepulse/content/subgraph';
import engagement from '@telepulse/engagement/subgraph';
import growth from '@telepulse/growth/subgraph';
import { modelCatalog } from '@telepulse/models/catalog/model-catalog';
import { testMongo } from '../support/mongo.js';
import { startStack, type ServingStatsResult } from '../support/stack.js';

// Channels with 90 days of posts and counts: enough history for the engagement and growth models.
const channels = simulateChannels({ seed: 23, channels: 6, days: 90, idPrefix: 'srv' }).filter((c) => c.subscriberCounts.length >= 60 && c.posts.length >= 40) as ChannelRecord[];
const candidate = (hourOfDay: number) => ({ hourOfDay, dayOfWeek: 3, contentLength: 180, hasMedia: false });

const PREDICT = `mutation($c: ID!, $f: EngagementFeaturesInput!) { predictEngagement(channelId: $c, features: $f) { id historyLength } }`;
const PREDICT_MANY = `mutation($r: [EngagementRequestInput!]!) { batchPredictEngagement(requests: $r) { id } }`;
const FORECAST = `mutation($c: ID!) { forecastGrowth(channelId: $c, days: 7) { id } }`;
const VIRAL = `query($t: String!) { detectViralPotential(content: $t) { score drivers { text } } }`;
const FEATURES = `query($t: String!) { extractContentFeatures(content: $t) { relativeEngagement } }`;

type Counters = Record<string, ServingStatsResult>;

/** How each model's counters moved between two reads. */
function moved(before: Counters, after: Counters) {
  return Object.fromEntries(
    Object.keys(after).map((id) => [id, { items: after[id]!.items - before[id]!.items, runs: after[id]!.runs - before[id]!.runs, failures: after[id]!.failures - before[id]!.failures }]),
  );
}

describe('serving counters through the gateway', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  let loaded: Counters;

  beforeAll(async () => {
    expect(channels.length).toBeGreaterThanOrEqual(2);
    mongo = await testMongo();
    stack = await startStack({ mongodbUri: mongo.uri, prefix: mongo.prefix });
    await seedChannels(stack.query, channels);
    loaded = await stack.servingStats();
  });
  afterAll(async () => {
    await stack?.stop();
    await mongo?.drop();
  });

  /** Runs `action` and returns how every model's counters moved, checking `since` and the versions did not. */
  async function countersDuring(action: () => Promise<void>): Promise<{ moved: ReturnType<typeof moved>; after: Counters }> {
    const before = await stack.servingStats();
    await action();
    const after = await stack.servingStats();
    for (const id of Object.keys(after)) expect({ since: after[id]!.since, version: after[id]!.version }, id).toEqual({ since: before[id]!.since, version: before[id]!.version });
    return { moved: moved(before, after), after };
  }

  /** Every model's counters moved by nothing except `model`'s. */
  const unchangedBut = (model: string, changes: ReturnType<typeof moved>) =>
    Object.fromEntries(Object.entries(changes).filter(([id]) => id !== model));
  const still = Object.fromEntries(modelCatalog().map((m) => [m.id, { items: 0, runs: 0, failures: 0 }]));

  it('answers an anonymous read for every catalog model: its id, the version its subgraph serves, when it started, and coherent counters', async () => {
    const versions: Record<string, string> = {
      engagement: stack.runtime(engagement).predictor.version,
      growth: stack.runtime(growth).forecaster.version,
      'content-viral': stack.runtime(content).judge.version,
      'content-cnn': stack.runtime(content).reader.version,
    };
    expect(Object.keys(loaded).sort()).toEqual(modelCatalog().map((m) => m.id).sort());
    for (const [id, stats] of Object.entries(loaded)) {
      expect(stats.model).toEqual({ id });
      expect(stats.version).toBe(versions[id]);
      expect(Number.isNaN(Date.parse(stats.since))).toBe(false);
      expect(Date.parse(stats.since)).toBeLessThanOrEqual(Date.now());
      // Latency and batch size exist exactly when a run answered.
      expect(stats.latencyP50Ms === null, id).toBe(stats.runs - stats.failures === 0);
      expect(stats.meanBatchSize === null, id).toBe(stats.runs - stats.failures === 0);
    }
  });

  it('counts an engagement prediction as one row in one run of the engagement model, with its latency, and nothing anywhere else', async () => {
    const { moved: changes, after } = await countersDuring(async () => {
      const result = await stack.query(PREDICT, { c: channels[0]!.id, f: candidate(7) });
      expect(result.errors).toBeUndefined();
      expect(result.data!.predictEngagement.historyLength).toBeGreaterThan(0);
    });
    expect(changes.engagement).toEqual({ items: 1, runs: 1, failures: 0 });
    expect(unchangedBut('engagement', changes)).toEqual(unchangedBut('engagement', still));
    expect(after.engagement!.latencyP50Ms).toBeGreaterThan(0);
    expect(after.engagement!.latencyP99Ms).toBeGreaterThanOrEqual(after.engagement!.latencyP50Ms!);
    expect(after.engagement!.meanBatchSize).toBeGreaterThanOrEqual(1);
  });

  it('counts a batch of three engagement predictions as three rows in one run', async () => {
    const { moved: changes, after } = await countersDuring(async () => {
      const requests = [8, 9, 10].map((hour, i) => ({ channelId: channels[i % channels.length]!.id, features: candidate(hour) }));
      const result = await stack.query(PREDICT_MANY, { r: requests });
      expect(result.errors).toBeUndefined();
    });
    expect(changes.engagement).toEqual({ items: 3, runs: 1, failures: 0 });
    expect(unchangedBut('engagement', changes)).toEqual(unchangedBut('engagement', still));
    // Runs of 1 and 3 rows so far.
    expect(after.engagement!.meanBatchSize).toBe(after.engagement!.items / after.engagement!.runs);
  });

  it('counts a growth forecast on the growth model only', async () => {
    const { moved: changes, after } = await countersDuring(async () => {
      const result = await stack.query(FORECAST, { c: channels[1]!.id });
      expect(result.errors).toBeUndefined();
    });
    expect(changes.growth).toEqual({ items: 1, runs: 1, failures: 0 });
    expect(unchangedBut('growth', changes)).toEqual(unchangedBut('growth', still));
    expect(after.growth!.latencyP50Ms).toBeGreaterThan(0);
  });

  it('counts a viral call (the text and each occlusion a row) on content-viral, and a content reading on content-cnn, each leaving the other alone', async () => {
    const text = 'Breaking news: the bridge opens today, read more and share with your friends';
    let drivers = 0;
    const viral = await countersDuring(async () => {
      const result = await stack.query(VIRAL, { t: text });
      expect(result.errors).toBeUndefined();
      drivers = result.data!.detectViralPotential.drivers.length;
    });
    // One row per word left out (at least the drivers) plus the text itself, in as few runs as the batcher allows.
    expect(viral.moved['content-viral']!.items).toBeGreaterThan(drivers);
    expect(viral.moved['content-viral']!.runs).toBeGreaterThanOrEqual(1);
    expect(viral.moved['content-viral']!.runs).toBeLessThanOrEqual(viral.moved['content-viral']!.items);
    expect(unchangedBut('content-viral', viral.moved)).toEqual(unchangedBut('content-viral', still));
    expect(viral.after['content-viral']!.latencyP50Ms).toBeGreaterThan(0);

    const cnn = await countersDuring(async () => {
      const result = await stack.query(FEATURES, { t: text });
      expect(result.errors).toBeUndefined();
    });
    expect(cnn.moved['content-cnn']).toEqual({ items: 1, runs: 1, failures: 0 });
    expect(unchangedBut('content-cnn', cnn.moved)).toEqual(unchangedBut('content-cnn', still));
  });
});
