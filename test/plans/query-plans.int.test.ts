import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient, type CommandStartedEvent, type Document } from 'mongodb';
import { testMongo } from '../support/mongo.js';
import { ChannelStore } from '@telepulse/channels/store/channel-store';
import { ingestPosts, ingestSubscriberCounts } from '@telepulse/channels/domain/ingest';
import { PredictionStore } from '@telepulse/engagement/store/prediction-store';
import { samplePrediction } from '../../subgraphs/engagement/test/sample-prediction.js';
import { ForecastStore } from '@telepulse/growth/store/forecast-store';
import { sampleForecast } from '../../subgraphs/growth/test/sample-forecast.js';
import { DetectionStore } from '@telepulse/content/store/detection-store';
import { sampleDetection } from '../../subgraphs/content/test/sample-detection.js';
import { catalogModelById } from '@telepulse/models/catalog/model-catalog';
import { Monitor } from '@telepulse/monitoring/domain/monitor';
import { AlertStore } from '@telepulse/monitoring/store/alert-store';
import { PointStore } from '@telepulse/monitoring/store/point-store';
import { PollerStateStore } from '@telepulse/monitoring/store/poller-state-store';
import { ThresholdStore } from '@telepulse/monitoring/store/threshold-store';
import { FeedbackStore } from '@telepulse/feedback/store/feedback-store';
import { ProcessingStore } from '@telepulse/feedback/store/processing-store';
import { metricsByVersion } from '@telepulse/feedback/domain/version-metrics';
import { sampleFeedback } from '../../subgraphs/feedback/test/sample-feedback.js';

/** The signal of a request that is still running. */
const live = new AbortController().signal;

/** The index each query shape the stores send is meant to use on MongoDB (FerretDB 1.24 uses none but `_id` equality, see README). */
const INTENDED: Record<string, string> = {
  'posts { _id: { $in } }': '_id_',
  'posts { _id }': '_id_',
  'posts { channelId } sort { postedAt: -1, id: -1 }': 'channel_newest',
  'posts { channelId, ingestRun: { $nin } } sort { postedAt: -1, id: -1 }': 'channel_newest',
  'posts { channelId, postedAt: { $lt } } sort { postedAt: -1, id: -1 }': 'channel_newest',
  'channels { _id }': '_id_',
  'channels { _id: { $in } }': '_id_',
  'channels { _id, revision }': '_id_',
  'channels { createdAt: { $ne } } sort { lastPostAt: -1, _id: 1 }': 'latest_activity',
  // historyVersion's stamps (ChannelStore.stampVersion, findVersions).
  'channel_versions { _id }': '_id_',
  'channel_locks { _id }': '_id_',
  'channel_locks { _id, owner }': '_id_',
  'subscriber_counts { _id: { $gte, $lte } } sort { _id: 1 }': '_id_',
  'subscriber_counts { _id: { $gt, $lt } } sort { _id: 1 }': '_id_',
  'subscriber_counts { _id: { $gte, $lt } } sort { _id: 1 }': '_id_',
  'subscriber_counts { _id: { $in } }': '_id_',
  // Several channels' ranges at once (Channel.subscriberCounts of N channels): one `_id` range each.
  'subscriber_counts { $or } sort { _id: 1 }': '_id_',
  'subscriber_counts { _id }': '_id_',
  'engagement_predictions { _id: { $in } }': '_id_',
  'engagement_predictions { _id }': '_id_',
  'growth_forecasts { _id: { $in } }': '_id_',
  'growth_forecasts { _id }': '_id_',
  'content_viral_detections { _id: { $in } }': '_id_',
  'content_viral_detections { _id }': '_id_',
  // The `recent…` fields (feedback and drift pull served predictions newest first).
  'engagement_predictions { createdAt: { $gte } } sort { createdAt: -1, _id: -1 }': 'created_recent',
  'growth_forecasts { createdAt: { $gte } } sort { createdAt: -1, _id: -1 }': 'created_recent',
  'content_viral_detections { createdAt: { $gte } } sort { createdAt: -1, _id: -1 }': 'created_recent',
  'performance_points { _id: { $in } }': '_id_',
  'performance_points { _id }': '_id_',
  'performance_points { modelId } sort { at: -1, _id: 1 }': 'model_at',
  // The TTL index's rule, run by monitoring where the server has no TTL indexes (FerretDB names it at_cleanup).
  'performance_points { at: { $lt } }': 'at_ttl',
  'performance_alerts { _id: { $in } }': '_id_',
  'performance_alerts { _id }': '_id_',
  'performance_alerts { _id, resolvedAt }': '_id_',
  'performance_alerts { modelId } sort { openedAt: -1 }': 'model_opened',
  'performance_open_alerts { modelId }': 'model',
  'performance_open_alerts { _id, alert.id }': '_id_',
  'alert_thresholds { _id: { $in } }': '_id_',
  'alert_thresholds { _id }': '_id_',
  'poller_state { _id: { $in } }': '_id_',
  'poller_state { _id }': '_id_',
  // Feedback: one item per prediction (slot), a model's arrival order (seq), processing batches.
  'feedback { slot }': 'one_per_prediction',
  'feedback { slot: { $in } }': 'one_per_prediction',
  'feedback { _id }': '_id_',
  'feedback { _id: { $in } }': '_id_',
  'feedback { modelId } sort { seq: -1 }': 'model_sequence',
  'feedback { modelId, seq: { $gt } } sort { seq: 1 }': 'model_sequence',
  'feedback { modelId, processedBy }': 'processing_batch',
  'feedback { processedBy, modelId }': 'processing_batch',
  'feedback { modelId, processedBy: { $in } }': 'processing_batch',
  'feedback_locks { _id }': '_id_',
  'feedback_locks { _id, owner }': '_id_',
  'feedback_sequences { _id }': '_id_',
  'feedback_batches { modelId } sort { seq: -1 }': 'model_sequence',
  'feedback_batches { modelId, state }': 'model_state',
  'feedback_batches { modelId, state } sort { seq: 1 }': 'model_state',
  'feedback_batches { modelId, state, seq: { $gt } } sort { seq: 1 }': 'model_state',
  'feedback_batches { modelId, state, seq: { $gt, $lt } } sort { seq: 1 }': 'model_state',
  'feedback_batches { _id, state }': '_id_',
};

interface Query {
  collection: string;
  database: string;
  command: string;
  filter: Document;
  sort?: Document;
  limit?: number;
}

/** `{ _id: { $in: [...] }, x: 1 }` → `{ _id: { $in }, x }`: which fields and operators, not which values. */
function shape(doc: Document | Map<string, unknown> | undefined, withValues = false): string {
  // The driver sends a sort as a Map, to keep its order.
  const entries = doc instanceof Map ? [...doc.entries()] : Object.entries(doc ?? {});
  if (entries.length === 0) return '';
  const parts = entries.map(([key, value]) => {
    if (withValues) return `${key}: ${value}`;
    const ops = value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date) ? Object.keys(value).filter((k) => k.startsWith('$')) : [];
    return ops.length > 0 ? `${key}: { ${ops.join(', ')} }` : key;
  });
  return `{ ${parts.join(', ')} }`;
}

const describeQuery = (q: Query) => `${q.collection} ${shape(q.filter)}${q.sort ? ` sort ${shape(q.sort, true)}` : ''}`;

/** The queries (reads, and the filters of updates and deletes) in the commands a client sent. */
function queriesIn(event: CommandStartedEvent): Query[] {
  const { command, commandName: name, databaseName: database } = event;
  const collection = String(command[name]);
  if (name === 'find') return [{ collection, database, command: name, filter: command.filter ?? {}, sort: command.sort, limit: command.limit }];
  if (name === 'update') return (command.updates as Document[]).map((u) => ({ collection, database, command: name, filter: u.q }));
  if (name === 'delete') return (command.deletes as Document[]).map((d) => ({ collection, database, command: name, filter: d.q }));
  return [];
}

/** What the server says it would do: FerretDB's pushdown flags and SQLite plan, or MongoDB's winning plan and its indexes. */
function planSummary(explained: Document): { text: string; indexes: string[]; collscan: boolean } {
  if (explained.ferretdbVersion !== undefined || explained.serverInfo?.ferretdbVersion !== undefined) {
    const sqlite = (explained.queryPlanner?.Plan as string[] | undefined)?.map((row) => row.replace(/^.*detail=/, '')).join('; ');
    return { text: `pushdown filter ${explained.filterPushdown}, sort ${explained.sortPushdown}, limit ${explained.limitPushdown}; SQLite: ${sqlite}`, indexes: [], collscan: false };
  }
  const stages: string[] = [];
  const indexes: string[] = [];
  const walk = (stage: Document | undefined) => {
    if (!stage) return;
    stages.push(stage.stage);
    if (stage.indexName) indexes.push(stage.indexName);
    walk(stage.inputStage);
    (stage.inputStages as Document[] | undefined)?.forEach(walk);
  };
  walk(explained.queryPlanner?.winningPlan?.queryPlan ?? explained.queryPlanner?.winningPlan);
  return { text: `${stages.join(' ← ')}${indexes.length ? ` (${indexes.join(', ')})` : ''}`, indexes, collscan: stages.includes('COLLSCAN') };
}

const record = (id: string) => samplePrediction(id, new Date('2025-01-01T00:00:00Z'), { channelId: 'plans-a' });

/**
 * Every query the channel, prediction and forecast stores send, captured from a workload that takes each
 * path (fresh and repeated ingests, a window that needs refilling, every read), explained on the
 * server the tests run on. Prints one line per query shape; on MongoDB each must use the index it
 * is meant to, and no collection scan. On FerretDB it records what the server pushes down.
 */
describe('the queries the stores send, explained', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  let client: MongoClient;
  const sent: CommandStartedEvent[] = [];
  const now = new Date('2025-01-01T00:00:00Z');
  const post = (id: number, minute = id) => ({ id: String(id), postedAt: new Date(Date.UTC(2024, 5, 1, 0, minute)), views: id, forwards: null, replies: 0, reactions: 0, text: 'x', textLength: 1, hasMedia: false });
  const posts = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => post(from + i));

  beforeAll(async () => {
    mongo = await testMongo();
    client = new MongoClient(mongo.uri, { monitorCommands: true });
    client.on('commandStarted', (event) => event.databaseName.startsWith(mongo.prefix) && sent.push(event));
  });
  afterAll(async () => {
    await client?.close();
    await mongo?.drop();
  });

  it('a new channel is ingested without reading or updating a single post, and window reads send no query', async () => {
    const store = new ChannelStore(client.db(`${mongo.prefix}_channels`));
    await store.ensureIndexes();
    await ingestPosts(store, 'plans-other', posts(1, 200), { skipInvalid: false, now, signal: live });
    sent.length = 0;
    await ingestPosts(store, 'plans-a', posts(1, 60), { skipInvalid: false, now, signal: live });
    expect(sent.filter((e) => e.command[e.commandName] === 'posts').map((e) => e.commandName)).toEqual(['insert']);

    const channel = (await store.findChannels(['plans-a'])).get('plans-a')!;
    sent.length = 0;
    await store.findPosts(channel, 20, null);
    await store.findPosts(channel, 5, post(50).postedAt);
    await store.latestSubscriberCount(channel);
    expect(sent).toEqual([]);
  });

  it('explains each query shape', async () => {
    const channels = new ChannelStore(client.db(`${mongo.prefix}_channels`));
    const predictions = new PredictionStore(client.db(`${mongo.prefix}_engagement`));
    const forecasts = new ForecastStore(client.db(`${mongo.prefix}_growth`));
    const detections = new DetectionStore(client.db(`${mongo.prefix}_content`));
    sent.length = 0;
    // Every path: re-ingest with changes, a post moved out of the window, counts, every read, predictions and forecasts new and repeated.
    await ingestPosts(channels, 'plans-a', posts(55, 70), { skipInvalid: false, now, signal: live });
    await ingestPosts(channels, 'plans-a', [post(60, -1000)], { skipInvalid: false, now, signal: live });
    await ingestSubscriberCounts(channels, 'plans-a', [1, 2, 3].map((d) => ({ date: new Date(Date.UTC(2024, 0, d)), count: d })), { skipInvalid: false, now, signal: live });
    await ingestSubscriberCounts(channels, 'plans-a', [{ date: new Date(Date.UTC(2024, 0, 3)), count: 4 }], { skipInvalid: false, now, signal: live });
    await channels.upsertChannel('plans-a', 'Plans', now, live);
    const [a] = [...(await channels.findChannels(['plans-a'])).values()];
    await channels.findChannels(['plans-a', 'plans-other']);
    await channels.findChannels(Array.from({ length: 9 }, (_, i) => `plans-${i}`));
    await channels.findVersions(['plans-a', 'plans-other', 'plans-none']);
    await channels.versions.deleteOne({ _id: 'plans-a' });
    await channels.findVersions(['plans-a']);
    await channels.listChannels(50);
    await channels.findPosts(a!, 100, null);
    await channels.findPosts(a!, 50, post(30).postedAt);
    await channels.findSubscriberCounts(a!, null, null);
    await channels.findSubscriberCounts(a!, new Date(Date.UTC(2024, 0, 2)), new Date(Date.UTC(2024, 0, 3)));
    await channels.findSubscriberCounts(a!, new Date(Date.UTC(2024, 0, 2)), null);
    await channels.findSubscriberCountsOf([{ channel: a!, from: new Date(Date.UTC(2024, 0, 2)), to: null }, { channel: a!, from: null, to: null }]);
    await channels.findPostsByKey([{ channelId: 'plans-a', id: '60' }, { channelId: 'plans-a', id: '61' }]);
    await predictions.recordPredictions([record('p1'), record('p2')], live);
    await predictions.recordPredictions([record('p1')], live);
    await predictions.findByIds(['p1', 'p2']);
    await forecasts.recordForecasts([sampleForecast('f1', now), sampleForecast('f2', now)], live);
    await forecasts.recordForecasts([sampleForecast('f1', now)], live);
    await forecasts.findByIds(['f1', 'f2']);
    await detections.recordDetections([sampleDetection('1', now), sampleDetection('2', now)], live);
    await detections.recordDetections([sampleDetection('1', now)], live);
    await detections.findByIds([sampleDetection('1', now).id, sampleDetection('2', now).id]);
    await predictions.findRecent(now, 10);
    await forecasts.findRecent(now, 10);
    await detections.findRecent(now, 10);
    // Monitoring: points new and repeated, an alert opened and resolved, thresholds, poller state, the clean-up.
    const monitoringDb = client.db(`${mongo.prefix}_monitoring`);
    const points = new PointStore(monitoringDb, 30 * 86_400_000);
    const thresholds = new ThresholdStore(monitoringDb);
    const pollerState = new PollerStateStore(monitoringDb);
    const monitor = new Monitor({ points, alerts: new AlertStore(monitoringDb), thresholds, model: catalogModelById, now: () => now, retentionMs: 30 * 86_400_000 });
    const point = (id: string, mae: number, at = now) => ({ id, modelId: 'engagement', version: 'v1', at, source: 'MANUAL' as const, metrics: { mae } });
    await monitor.record([point('m1', 0.5), point('m2', 0.6)], live);
    await monitor.record([point('m1', 0.5)], live);
    await monitor.record([point('m3', 0.001, new Date(now.getTime() + 1000))], live);
    await monitor.alerts(catalogModelById('engagement')!, true);
    await monitor.setThresholds('engagement', { errorAbove: 0.2 });
    await pollerState.saveServing('engagement', { counters: { since: now.toISOString(), items: 1, runs: 1, failures: 0 }, activeVersion: 'v1' }, now);
    await pollerState.servingStates(['engagement', 'growth']);
    await pollerState.feedbackCursor('engagement');
    await points.purgeOlderThan(now);
    const feedback = new FeedbackStore(client.db(`${mongo.prefix}_feedback`));
    const processing = new ProcessingStore(client.db(`${mongo.prefix}_feedback`), feedback);
    await feedback.record([sampleFeedback('fb1'), sampleFeedback('fb2')], live);
    await feedback.record([sampleFeedback('fb1')], live);
    await feedback.record([sampleFeedback('fb3')], live);
    await feedback.findByIds(['fb1:0.05', 'fb2:0.05']);
    await feedback.findByIds(['fb1:0.05']);
    await feedback.page('engagement', 0, 10);
    await feedback.lastReceivedAt('engagement');
    await processing.page('engagement', 0, 10);
    await processing.process('engagement', metricsByVersion, () => now);
    await processing.process('engagement', metricsByVersion, () => now);
    await processing.batches.insertOne({ _id: 'plans-open', modelId: 'engagement', seq: 99, state: 'OPEN', startedAt: now, processedAt: null, items: 0, byVersion: [] });
    await processing.page('engagement', 0, 10);
    await processing.process('engagement', metricsByVersion, () => now);
    await processing.processedItems('engagement');

    const byShape = new Map<string, Query>();
    for (const query of sent.flatMap(queriesIn)) if (!byShape.has(describeQuery(query))) byShape.set(describeQuery(query), query);
    const lines: string[] = [];
    const wrong: string[] = [];
    for (const [described, query] of [...byShape].sort(([a], [b]) => a.localeCompare(b))) {
      const collection = client.db(query.database).collection(query.collection);
      const explained = await collection.find(query.filter, { sort: query.sort, limit: query.limit }).explain('queryPlanner');
      const plan = planSummary(explained);
      const intended = INTENDED[described];
      lines.push(`| \`${query.command}\` ${described} | ${intended ?? '?'} | ${plan.text} |`);
      if (!intended) wrong.push(`no intended index for ${described}`);
      else if (plan.indexes.length > 0 && (plan.collscan || !plan.indexes.includes(intended))) wrong.push(`${described}: ${plan.text}, meant ${intended}`);
      else if (plan.collscan) wrong.push(`${described}: collection scan`);
    }
    console.log(['| query | index meant (MongoDB) | plan on this server |', '|---|---|---|', ...lines].join('\n'));
    expect(wrong).toEqual([]);
  });
});
