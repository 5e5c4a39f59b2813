import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateChannels, type ChannelRecord } from '@telepulse/dataset';
import { seedChannels } from '@telepulse/devstack/seed';
import { dayMs } from '@telepulse/models/growth/series';
import { naiveScale } from '@telepulse/feedback/domain/mase-scale';
import { maseScale } from '@telepulse/feedback/domain/item-error';
import feedbackSubgraph from '@telepulse/feedback/subgraph';
import type { FeedbackRuntime } from '@telepulse/feedback/server';
import { POSTS_PER_REQUEST, supergraphIngestReads } from '@telepulse/feedback/clients/ingest-reads';
import { SERVED_IDS_MAX } from '@telepulse/feedback/clients/served-predictions';
import { modelsWithFeedback } from '@telepulse/models/catalog/model-catalog';
import { testMongo } from '../support/mongo.js';
import { pollUntil } from '../support/poll.js';
import { startStack } from '../support/stack.js';

const spanDays = (c: ChannelRecord) => (dayMs(c.subscriberCounts.at(-1)!.date) - dayMs(c.subscriberCounts[0]!.date)) / 86_400_000 + 1;
// A channel with posts and 90 days of counts: an engagement prediction and a growth forecast for it.
const [channel] = simulateChannels({ seed: 23, channels: 8, days: 90, idPrefix: 'fb' }).filter((c) => c.posts.length > 40 && c.subscriberCounts.length > 0 && spanDays(c) === 90) as [ChannelRecord];
const lastPost = channel.posts.reduce((a, b) => (a.postedAt > b.postedAt ? a : b));
// The next post, a day after the last: predicted now, ingested later (feedback by ingest).
const nextPostAt = new Date(new Date(lastPost.postedAt).getTime() + 24 * 3600_000);
const isoWeekday = (d: Date) => (d.getUTCDay() + 6) % 7;

const PREDICT = `mutation($c: ID!, $f: EngagementFeaturesInput!) { predictEngagement(channelId: $c, features: $f) { id predictedEngagement modelVersion } }`;
const FORECAST = `mutation($c: ID!) { forecastGrowth(channelId: $c, days: 3) { id modelVersion points { date value lower80 upper80 lower95 upper95 } } }`;
const FEEDBACK_FIELDS = `id predictionId model { id } modelVersion outcome channelId engagementRate viral rating comment source error processed
  subscriberCounts { date count predicted lower80 upper80 lower95 upper95 }`;
const SUBMIT = `mutation($p: ID!, $o: FeedbackInput!) { submitFeedback(predictionId: $p, outcome: $o) { ${FEEDBACK_FIELDS} } }`;
const BATCH = `mutation($items: [FeedbackItemInput!]!) { submitFeedbackBatch(items: $items) { ${FEEDBACK_FIELDS} } }`;
const ERRORS = `query($m: ID!, $after: String) { feedbackErrors(modelId: $m, after: $after) { cursor items { feedbackId predictionId model { id } modelVersion receivedAt error outcome { kind engagementRate subscriberCounts { date count } viral } } } }`;
const PROCESS = `mutation($m: ID!) { processFeedbackBatch(modelId: $m) { id model { id } processedAt items byVersion { version count mae bias coverage80 coverage95 mase auc brier } } }`;
const SUMMARY = `query($id: ID!) { feedback(id: $id) { model { id feedbackSummary { total processed unprocessed lastFeedbackAt byVersion { version count mae bias coverage80 coverage95 mase auc brier } } } } }`;

describe('feedback through the gateway', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  const stored = () => stack.db('feedback').collection('feedback').countDocuments();
  let engagement: { id: string; predictedEngagement: number; modelVersion: string };
  let upcoming: { id: string; predictedEngagement: number };
  let forecast: { id: string; modelVersion: string; points: { date: string; value: number; lower80: number; upper80: number; lower95: number; upper95: number }[] };

  beforeAll(async () => {
    mongo = await testMongo();
    stack = await startStack({ mongodbUri: mongo.uri, prefix: mongo.prefix, env: { FEEDBACK_POLL_MS: '200', FEEDBACK_INGEST_MIN_AGE_MS: '0', FEEDBACK_INGEST_LOOKBACK_MS: String(3650 * 24 * 3600_000) } });
    await seedChannels(stack.query, [{ ...channel, posts: channel.posts }]);
    const predicted = await stack.query(PREDICT, { c: channel.id, f: { hourOfDay: 19, dayOfWeek: 2, contentLength: 240, hasMedia: true } });
    expect(predicted.errors).toBeUndefined();
    engagement = predicted.data!.predictEngagement;
    const next = await stack.query(PREDICT, {
      c: channel.id,
      f: { hourOfDay: nextPostAt.getUTCHours(), dayOfWeek: isoWeekday(nextPostAt), contentLength: 120, hasMedia: false, postedAt: nextPostAt.toISOString() },
    });
    expect(next.errors).toBeUndefined();
    upcoming = next.data!.predictEngagement;
    const forecasted = await stack.query(FORECAST, { c: channel.id });
    expect(forecasted.errors).toBeUndefined();
    forecast = forecasted.data!.forecastGrowth;
  });
  afterAll(async () => {
    await stack?.stop();
    await mongo?.drop();
  });

  it('records an engagement rate and observed subscriber counts in one batch, each with its error', async () => {
    const [d1, , d3] = forecast.points;
    const result = await stack.query(BATCH, {
      items: [
        { predictionId: engagement.id, outcome: { engagementRate: 0.05, rating: 4, comment: 'close enough' } },
        { predictionId: forecast.id, outcome: { subscriberCounts: [{ date: d3!.date, count: Math.round(d3!.value) + 40 }, { date: d1!.date, count: Math.round(d1!.value) - 10 }] } },
      ],
    });
    expect(result.errors).toBeUndefined();
    const [rate, counts] = result.data!.submitFeedbackBatch;
    expect(rate).toMatchObject({ predictionId: engagement.id, model: { id: 'engagement' }, modelVersion: engagement.modelVersion, outcome: 'ENGAGEMENT_RATE', channelId: channel.id, engagementRate: 0.05, rating: 4, comment: 'close enough', source: 'CLIENT', processed: false, subscriberCounts: null, viral: null });
    expect(rate.error).toBeCloseTo(Math.abs(engagement.predictedEngagement - 0.05), 12);

    expect(counts).toMatchObject({ predictionId: forecast.id, model: { id: 'growth' }, modelVersion: forecast.modelVersion, outcome: 'SUBSCRIBER_COUNT', engagementRate: null });
    expect(counts.subscriberCounts.map((c: { date: string }) => c.date)).toEqual([d1!.date, d3!.date]);
    expect(counts.subscriberCounts[0]).toMatchObject({ count: Math.round(d1!.value) - 10, predicted: d1!.value, lower80: d1!.lower80, upper95: d1!.upper95 });
    // MASE as pnpm eval scales it: the channel's weekly seasonal-naive MAE up to the day before the forecast.
    const origin = new Date(dayMs(d1!.date) - 86_400_000).toISOString().slice(0, 10);
    const scale = maseScale(naiveScale(channel.subscriberCounts, origin)!);
    const expected = (Math.abs(d1!.value - (Math.round(d1!.value) - 10)) + Math.abs(d3!.value - (Math.round(d3!.value) + 40))) / 2 / scale;
    expect(counts.error).toBeCloseTo(expected, 9);
    expect(await stored()).toBe(2);
  });

  it('the same outcome again is the same feedback, written once', async () => {
    const again = await stack.query(SUBMIT, { p: engagement.id, o: { engagementRate: 0.05 } });
    expect(again.errors).toBeUndefined();
    expect(again.data!.submitFeedback).toMatchObject({ predictionId: engagement.id, engagementRate: 0.05, rating: 4 });
    const { result, writes } = await stack.writesTo('feedback', () => stack.query(SUBMIT, { p: engagement.id, o: { engagementRate: 0.05 } }));
    // A lone item is inserted without looking first: the unique slot (one outcome per prediction) refuses the retry's insert, and the stored item is the answer.
    expect(writes.filter((w) => w !== 'insert')).toEqual([]);
    expect(result.data).toEqual(again.data);
    expect(await stored()).toBe(2);
  });

  it('a batch with bad items fails with BAD_USER_INPUT naming each, and writes nothing', async () => {
    const result = await stack.query(BATCH, {
      items: [
        { predictionId: upcoming.id, outcome: { viral: true } },
        { predictionId: 'f'.repeat(32), outcome: { engagementRate: 0.1 } },
        { predictionId: upcoming.id, outcome: { engagementRate: 1.5 } },
        { predictionId: forecast.id, outcome: { subscriberCounts: [{ date: '1999-01-01', count: 5 }] } },
      ],
    });
    expect(result.data).toBeNull();
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'items[0].outcome.viral' });
    const fields = (result.errors![0]!.extensions!.issues as { field: string }[]).map((i) => i.field);
    expect(fields).toEqual(['items[0].outcome.viral', 'items[0].outcome.engagementRate', 'items[1].predictionId', 'items[2].outcome.engagementRate', 'items[3].outcome.subscriberCounts[0].date']);
    expect(await stored()).toBe(2);
  });

  it('a different outcome for a prediction with feedback is refused: feedback is final', async () => {
    const result = await stack.query(SUBMIT, { p: engagement.id, o: { engagementRate: 0.2 } });
    expect(result.errors?.[0]).toMatchObject({ message: expect.stringContaining('feedback is final'), extensions: { code: 'BAD_USER_INPUT', field: 'outcome' } });
    expect(await stored()).toBe(2);
  });

  it('needs the feedback scope', async () => {
    const anonymous = await stack.query(SUBMIT, { p: upcoming.id, o: { engagementRate: 0.05 } }, { token: null });
    expect(anonymous.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    const predictOnly = await stack.query(SUBMIT, { p: upcoming.id, o: { engagementRate: 0.05 } }, { token: await stack.token({ scopes: ['predict'] }) });
    expect(predictOnly.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', missingScopes: ['feedback'] });
    const process = await stack.query(PROCESS, { m: 'engagement' }, { token: await stack.token({ scopes: ['feedback'] }) });
    expect(process.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', missingScopes: ['admin'] });
    expect(await stored()).toBe(2);
  });

  it('serves the error stream after a cursor: every item once, the cursor standing still when nothing is new', async () => {
    const first = await stack.query(ERRORS, { m: 'engagement', after: null });
    expect(first.errors).toBeUndefined();
    const page = first.data!.feedbackErrors;
    expect(page.items).toEqual([expect.objectContaining({ predictionId: engagement.id, model: { id: 'engagement' }, modelVersion: engagement.modelVersion })]);
    const again = await stack.query(ERRORS, { m: 'engagement', after: page.cursor });
    expect(again.data!.feedbackErrors).toEqual({ cursor: page.cursor, items: [] });
    const growth = await stack.query(ERRORS, { m: 'growth', after: null });
    expect(growth.data!.feedbackErrors.items).toHaveLength(1);
    // Each item carries what was observed (a learning example's label): exactly the field of its kind, days in date order.
    expect(page.items[0].outcome).toEqual({ kind: 'ENGAGEMENT_RATE', engagementRate: 0.05, subscriberCounts: null, viral: null });
    const [d1, , d3] = forecast.points;
    expect(growth.data!.feedbackErrors.items[0].outcome).toEqual({
      kind: 'SUBSCRIBER_COUNT',
      engagementRate: null,
      subscriberCounts: [
        { date: d1!.date, count: Math.round(d1!.value) - 10 },
        { date: d3!.date, count: Math.round(d3!.value) + 40 },
      ],
      viral: null,
    });
    const unknown = await stack.query(ERRORS, { m: 'no-such-model', after: null });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('processes a model batch once, and the summary counts it', async () => {
    const processed = await stack.query(PROCESS, { m: 'growth' });
    expect(processed.errors).toBeUndefined();
    const batch = processed.data!.processFeedbackBatch;
    expect(batch).toMatchObject({ model: { id: 'growth' }, items: 1, byVersion: [{ version: forecast.modelVersion, count: 1, auc: null, brier: null }] });
    expect(batch.byVersion[0].mase).toBeGreaterThan(0);
    expect(batch.byVersion[0].coverage80).not.toBeNull();
    const twice = await stack.query(PROCESS, { m: 'growth' });
    expect(twice.data!.processFeedbackBatch).toMatchObject({ items: 0, byVersion: [] });

    const batches = await stack.query(`query { feedbackBatches(modelId: "growth") { cursor items { id items } } }`);
    expect(batches.data!.feedbackBatches.items).toEqual([{ id: batch.id, items: 1 }]);

    const [{ id: growthFeedback }] = (await stack.query(ERRORS, { m: 'growth', after: null })).data!.feedbackErrors.items.map((i: { feedbackId: string }) => ({ id: i.feedbackId }));
    const summary = await stack.query(SUMMARY, { id: growthFeedback });
    expect(summary.errors).toBeUndefined();
    expect(summary.data!.feedback.model).toMatchObject({ id: 'growth', feedbackSummary: { total: 1, processed: 1, unprocessed: 0, byVersion: batch.byVersion } });
    expect(summary.data!.feedback.model.feedbackSummary.lastFeedbackAt).not.toBeNull();
  });

  it('two processFeedbackBatch calls at once through the gateway count every engagement item in exactly one batch', async () => {
    const [a, b] = await Promise.all([stack.query(PROCESS, { m: 'engagement' }), stack.query(PROCESS, { m: 'engagement' })]);
    expect(a.errors ?? b.errors).toBeUndefined();
    const counts = [a.data!.processFeedbackBatch.items, b.data!.processFeedbackBatch.items].sort();
    expect(counts).toEqual([0, 1]);
    const batches = await stack.query(`query { feedbackBatches(modelId: "engagement") { items { items byVersion { version count mae bias } } } }`);
    expect(batches.data!.feedbackBatches.items).toEqual([{ items: 1, byVersion: [{ version: engagement.modelVersion, count: 1, mae: expect.closeTo(Math.abs(engagement.predictedEngagement - 0.05), 12), bias: expect.closeTo(engagement.predictedEngagement - 0.05, 12) }] }]);
  });

  it('records the outcome of an ingested post whose engagement was predicted, on its own', async () => {
    const post = { id: 'next-post', postedAt: nextPostAt.toISOString(), views: 2000, forwards: 20, replies: 10, reactions: 70, textLength: 120, hasMedia: false };
    const ingested = await stack.query(`mutation($c: ID!, $p: [PostInput!]!) { ingestPosts(channelId: $c, posts: $p) { inserted } }`, { c: channel.id, p: [post] });
    expect(ingested.errors).toBeUndefined();
    const found = await pollUntil(
      () => stack.query(ERRORS, { m: 'engagement', after: null }),
      (r) => (r.data?.feedbackErrors.items ?? []).some((i: { predictionId: string }) => i.predictionId === upcoming.id),
    );
    const item = found.data!.feedbackErrors.items.find((i: { predictionId: string }) => i.predictionId === upcoming.id);
    expect(item.error).toBeCloseTo(Math.abs(upcoming.predictedEngagement - 0.05), 12);
    const read = await stack.query(`query($id: ID!) { feedback(id: $id) { source engagementRate } }`, { id: item.feedbackId });
    expect(read.data!.feedback).toEqual({ source: 'INGEST', engagementRate: 0.05 });
  });

  it("the runtime-built reads at their largest stay within the gateway's default operation limits", async () => {
    const { supergraph, services } = stack.runtime(feedbackSubgraph) as FeedbackRuntime;
    const scope = { trace: { requestId: 'limits', via: [] }, signal: new AbortController().signal };
    const ids = [engagement.id, forecast.id, ...Array.from({ length: SERVED_IDS_MAX - 2 }, (_, i) => i.toString(16).padStart(32, '0'))];
    const found = await services.served.find(ids, scope);
    expect(found.get(engagement.id)).toMatchObject({ modelId: 'engagement', outcome: 'ENGAGEMENT_RATE', channelId: channel.id });
    expect(found.get(forecast.id)).toMatchObject({ modelId: 'growth', outcome: 'SUBSCRIBER_COUNT', points: forecast.points });
    expect([...found.values()].filter((p) => p === null)).toHaveLength(SERVED_IDS_MAX - 2);
    const reads = supergraphIngestReads(supergraph, modelsWithFeedback().filter((m) => m.outcome === 'ENGAGEMENT_RATE'));
    const many = Array.from({ length: POSTS_PER_REQUEST }, (_, i) => ({ ...found.get(engagement.id)!, id: `p${i}`, postedAt: new Date(nextPostAt.getTime() - i * 3600_000) }));
    const posts = await reads.postsAt(many, scope);
    expect(posts.get('p0')).toMatchObject({ postedAt: nextPostAt, views: 2000 });
    expect(posts.size).toBe(POSTS_PER_REQUEST);
  });

  it('records feedback after the feedback subgraph restarts on the same data (its stores create their indexes again), at the next position', async () => {
    const predicted = await stack.query(PREDICT, { c: channel.id, f: { hourOfDay: 7, dayOfWeek: 5, contentLength: 33, hasMedia: true } });
    expect(predicted.errors).toBeUndefined();
    const last = await stack.db('feedback').collection('feedback').find({ modelId: 'engagement' }).sort({ seq: -1 }).limit(1).next();
    await stack.stopSubgraph(feedbackSubgraph);
    await stack.restartSubgraph(feedbackSubgraph);
    // The gateway's first request may meet a keep-alive socket of the stopped process (ECONNRESET, and a mutation is not
    // resent): the client's retry, as a client would; a submission is idempotent. Before the fix every attempt failed.
    const after = await pollUntil(
      () => stack.query(SUBMIT, { p: predicted.data!.predictEngagement.id, o: { engagementRate: 0.02 } }),
      (r) => r.errors === undefined,
      { timeoutMs: 5000, intervalMs: 100 },
    );
    expect(after.data!.submitFeedback).toMatchObject({ predictionId: predicted.data!.predictEngagement.id, engagementRate: 0.02 });
    const stored = await stack.db('feedback').collection('feedback').findOne({ slot: predicted.data!.predictEngagement.id });
    expect(stored?.seq).toBe((last?.seq ?? 0) + 1);
  });

  it('systemHealth lists the feedback service with its MongoDB', async () => {
    const health = await stack.query(`query { systemHealth { services { name status mongodbReachable checks { name status } } } }`);
    const feedback = health.data!.systemHealth.services.find((s: { name: string }) => s.name === 'feedback');
    expect(feedback).toMatchObject({ status: 'UP', mongodbReachable: true, checks: expect.arrayContaining([expect.objectContaining({ name: 'mongodb', status: 'UP' }), expect.objectContaining({ name: 'ingest-poller', status: 'UP' })]) });
  });
});
