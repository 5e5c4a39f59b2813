import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateChannels, type ChannelRecord } from '@telepulse/dataset';
import { seedChannels } from '@telepulse/devstack/seed';
import channelsSubgraph from '@telepulse/channels/subgraph';
import engagement from '@telepulse/engagement/subgraph';
import { testMongo } from '../support/mongo.js';
import { parsePrometheusText, sampleValue, type Samples } from '../support/prometheus-text.js';
import { startStack } from '../support/stack.js';

// Enough history for the engagement model to predict.
const channels = simulateChannels({ seed: 31, channels: 3, days: 90, idPrefix: 'met' }).filter((c) => c.posts.length >= 40) as ChannelRecord[];
const features = (hourOfDay: number) => ({ hourOfDay, dayOfWeek: 2, contentLength: 120, hasMedia: true });

const PREDICT = `mutation Predict($c: ID!, $f: EngagementFeaturesInput!) { predictEngagement(channelId: $c, features: $f) { id } }`;
const READ = `query ReadPrediction($id: ID!) { engagementPrediction(id: $id) { id channel { title } } }`;

describe('/metrics on the gateway and the subgraphs', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  let stack: Awaited<ReturnType<typeof startStack>>;

  beforeAll(async () => {
    expect(channels.length).toBeGreaterThanOrEqual(1);
    mongo = await testMongo();
    stack = await startStack({ mongodbUri: mongo.uri, prefix: mongo.prefix });
    await seedChannels(stack.query, channels);
  });
  afterAll(async () => {
    await stack?.stop();
    await mongo?.drop();
  });

  /** Scrapes the gateway, engagement and channels over HTTP, each parsed strictly. */
  async function scrape(): Promise<{ gateway: Samples; engagement: Samples; channels: Samples }> {
    return {
      gateway: parsePrometheusText(await stack.metricsText()),
      engagement: parsePrometheusText(await stack.metricsText(engagement)),
      channels: parsePrometheusText(await stack.metricsText(channelsSubgraph)),
    };
  }

  it('counts and times three predictions and two two-subgraph reads by operation, fetch, model run and database command', async () => {
    const before = await scrape();
    const ids: string[] = [];
    for (const hour of [9, 13, 18]) {
      const result = await stack.query<{ predictEngagement: { id: string } }>(PREDICT, { c: channels[0]!.id, f: features(hour) });
      expect(result.errors).toBeUndefined();
      ids.push(result.data!.predictEngagement.id);
    }
    for (const id of ids.slice(0, 2)) {
      const result = await stack.query<{ engagementPrediction: { channel: { title: string } } }>(READ, { id });
      expect(result.errors).toBeUndefined();
      expect(result.data!.engagementPrediction.channel.title).toBe(channels[0]!.title);
    }
    const after = await scrape();
    const moved = (service: keyof typeof after, name: string, labels: Record<string, string> = {}) =>
      sampleValue(after[service], name, labels) - sampleValue(before[service], name, labels);

    // The gateway: each client operation by its name and type, timed as often as counted.
    const predict = { operation_name: 'Predict', operation_type: 'mutation' };
    const read = { operation_name: 'ReadPrediction', operation_type: 'query' };
    expect(moved('gateway', 'telepulse_graphql_requests_total', { ...predict, outcome: 'ok', service: 'gateway' })).toBe(3);
    expect(moved('gateway', 'telepulse_graphql_request_duration_seconds_count', predict)).toBe(3);
    expect(moved('gateway', 'telepulse_graphql_requests_total', { ...read, outcome: 'ok' })).toBe(2);
    expect(moved('gateway', 'telepulse_graphql_request_duration_seconds_count', read)).toBe(2);
    expect(moved('gateway', 'telepulse_graphql_request_duration_seconds_sum', read)).toBeGreaterThan(0);
    // Its fetches: engagement for every operation, channels for the title of each read.
    expect(moved('gateway', 'telepulse_subgraph_fetch_duration_seconds_count', { subgraph: 'engagement', outcome: 'ok' })).toBeGreaterThanOrEqual(5);
    expect(moved('gateway', 'telepulse_subgraph_fetch_duration_seconds_count', { subgraph: 'channels', outcome: 'ok' })).toBeGreaterThanOrEqual(2);
    expect(moved('gateway', 'telepulse_subgraph_fetch_duration_seconds_sum', { subgraph: 'channels', outcome: 'ok' })).toBeGreaterThan(0);

    // Its in-flight deduplication (on by default): the reads' fetches, one after another, shared nothing; mutations never
    // count. Channels also answered the channel history each prediction read through the gateway.
    expect(moved('gateway', 'telepulse_misses_total', { source: 'dedup:engagement' })).toBe(2);
    expect(moved('gateway', 'telepulse_misses_total', { source: 'dedup:channels' })).toBeGreaterThanOrEqual(2);
    expect(moved('gateway', 'telepulse_hits_total', { source: 'dedup:engagement' })).toBe(0);

    // The process's caches and group commits (every service of the stack's process serves them): both reads looked
    // their prediction up by id in engagement's record cache, and the predictions went through its group commit.
    const cache = { cache: 'records:engagement_predictions' };
    expect(moved('engagement', 'telepulse_cache_hits_total', cache) + moved('engagement', 'telepulse_cache_misses_total', cache)).toBe(2);
    expect(moved('engagement', 'telepulse_group_commit_items_total', { writer: 'records:engagement_predictions' })).toBe(3);
    expect(sampleValue(after.engagement, 'telepulse_cache_entries', cache)).toBeGreaterThanOrEqual(1);

    // Engagement: the gateway's subgraph operations, its model's runs, its database commands.
    expect(moved('engagement', 'telepulse_graphql_request_duration_seconds_count', { operation_type: 'mutation', service: 'engagement' })).toBeGreaterThanOrEqual(3);
    expect(moved('engagement', 'telepulse_model_runs_total', { model: 'engagement', outcome: 'ok' })).toBe(3);
    expect(moved('engagement', 'telepulse_model_batch_size_count', { model: 'engagement' })).toBe(3);
    expect(moved('engagement', 'telepulse_model_batch_size_sum', { model: 'engagement' })).toBe(3);
    expect(moved('engagement', 'telepulse_model_queue_seconds_count', { model: 'engagement' })).toBe(3);
    expect(moved('engagement', 'telepulse_model_compute_seconds_count', { model: 'engagement' })).toBe(3);
    expect(moved('engagement', 'telepulse_model_compute_seconds_sum', { model: 'engagement' })).toBeGreaterThan(0);
    expect(moved('engagement', 'telepulse_mongodb_command_duration_seconds_count', { command: 'insert', outcome: 'ok' })).toBeGreaterThanOrEqual(3);
    // Channels: its commands are its own, none of engagement's model runs.
    expect(moved('channels', 'telepulse_mongodb_command_duration_seconds_count', { command: 'insert', outcome: 'ok' })).toBe(0);
    expect([...after.channels.keys()].some((key) => key.startsWith('telepulse_model_'))).toBe(false);
    expect(sampleValue(after.engagement, 'telepulse_model_runs_total', { model: 'engagement', outcome: 'error' })).toBe(0);
  });

  it('serves the process metrics once per scrape beside each service of the process, all under one process', async () => {
    const gateway = await stack.metricsText();
    const engagementText = await stack.metricsText(engagement);
    for (const text of [gateway, engagementText]) {
      expect(text.match(/^# TYPE process_cpu_user_seconds_total counter$/gm)).toHaveLength(1);
      expect(text.match(/^# TYPE nodejs_eventloop_lag_seconds gauge$/gm)).toHaveLength(1);
    }
    // Each service's own series carry its name.
    expect(gateway).toMatch(/^telepulse_graphql_requests_total\{.*service="gateway"/m);
    expect(engagementText).not.toMatch(/service="gateway"/);
  });

  it('counts an operation that fails validation as an error of unknown type', async () => {
    const before = parsePrometheusText(await stack.metricsText());
    const result = await stack.query(`query Broken { noSuchField }`);
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const after = parsePrometheusText(await stack.metricsText());
    const labels = { operation_name: 'anonymous', operation_type: 'unknown', outcome: 'error' };
    expect(sampleValue(after, 'telepulse_graphql_requests_total', labels) - sampleValue(before, 'telepulse_graphql_requests_total', labels)).toBe(1);
  });
});
