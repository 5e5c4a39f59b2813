import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestReader } from '../src/clients/ingest-reads.js';
import type { IngestedPost } from '../src/domain/ingest-outcomes.js';
import { IngestPoller } from '../src/poller/ingest-poller.js';
import { FeedbackStore } from '../src/store/feedback-store.js';
import { testMongo } from '../../../test/support/mongo.js';
import { engagementPrediction } from './sample-predictions.js';

const now = new Date('2025-03-10T00:00:00Z');
const day = 24 * 3600_000;

/**
 * Feedback's ingest poller on two replicas of feedback at once, on one database, finding the
 * same settled predictions: items are written under the model's write lock with the prediction
 * as a unique slot, so the second writer finds each item stored and adds nothing. One item per
 * prediction, with one position each.
 */
describe('the ingest poller on two replicas at once', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  beforeAll(async () => {
    mongo = await testMongo();
  });
  afterAll(() => mongo.drop());

  it('records each settled prediction once, whichever replica got there first', async () => {
    const predictions = Array.from({ length: 40 }, (_, i) => engagementPrediction(`p${i}`, 0.04, { postedAt: new Date(now.getTime() - (2 + i / 10) * day) }));
    // What the gateway answers both replicas: the served predictions, and for each its post.
    const reads: IngestReader = {
      recent: async () => predictions,
      postsAt: async (due) => new Map<string, IngestedPost | null>(due.map((p) => [p.id, { postedAt: p.postedAt, views: 1000, forwards: 10, replies: 5, reactions: 35 + Number(p.id.slice(1)) }])),
    };
    const pollers = [0, 1].map(() => new IngestPoller({ reads, store: new FeedbackStore(mongo.db('feedback')), now: () => now, intervalMs: 0, minAgeMs: day, lookbackMs: 14 * day }));

    await Promise.all(pollers.map((poller) => poller.tick()));
    await Promise.all(pollers.map((poller) => poller.tick()));

    expect(pollers.map((p) => p.status.lastError)).toEqual([null, null]);
    const items = await mongo.db('feedback').collection('feedback').find({}).toArray();
    expect(items.map((i) => i.slot).sort()).toEqual(predictions.map((p) => p.id).sort());
    // One position per item in the model's arrival order: none given twice, none skipped.
    expect(items.map((i) => i.seq as number).sort((a, b) => a - b)).toEqual(predictions.map((_, i) => i + 1));
  });
});
