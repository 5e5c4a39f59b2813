import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeadlineExceededError } from '@telepulse/platform';
import { testMongo } from '../../../test/support/mongo.js';
import type { NewFeedback } from '../src/domain/feedback.js';
import { metricsByVersion } from '../src/domain/version-metrics.js';
import { FeedbackStore } from '../src/store/feedback-store.js';
import { ProcessingStore } from '../src/store/processing-store.js';
import { sampleFeedback } from './sample-feedback.js';

const live = new AbortController().signal;
const at = new Date('2025-03-05T00:00:00Z');

/** New feedback on prediction `predictionId` observing `rate` (of `modelId`, `version`); the id stands for the outcome. */
const item = (predictionId: string, rate: number, modelId = 'engagement', version = '1.0.0'): NewFeedback => ({
  ...sampleFeedback(predictionId, rate, { modelId, modelVersion: version }),
  pairs: [{ date: null, predicted: 0.05, observed: rate, lower80: null, upper80: null, lower95: null, upper95: null }],
  error: Math.abs(0.05 - rate),
  receivedAt: at,
});

describe('feedback on a real MongoDB-compatible server', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  let store: FeedbackStore;
  let processing: ProcessingStore;
  beforeAll(async () => {
    mongo = await testMongo();
    store = new FeedbackStore(mongo.db('feedback'));
    processing = new ProcessingStore(mongo.db('feedback'), store);
  });
  afterAll(() => mongo.drop());

  it('stores new items in arrival order; the same outcome again is the stored item, not a second one', async () => {
    const first = await store.record([item('p1', 0.1), item('p2', 0.2)], live);
    expect(first).toMatchObject({ ok: true, stored: [{ id: 'p1:0.1', seq: 1, processedBy: null }, { id: 'p2:0.2', seq: 2 }] });
    const again = await store.record([item('p2', 0.2), item('p3', 0.3)], live);
    expect(again).toMatchObject({ ok: true, stored: [{ id: 'p2:0.2', seq: 2 }, { id: 'p3:0.3', seq: 3 }] });
    expect(await store.items.countDocuments({ modelId: 'engagement' })).toBe(3);
  });

  it('a different outcome for a prediction with feedback writes nothing of its call, the good items included', async () => {
    const result = await store.record([item('p4', 0.4), item('p1', 0.9)], live);
    expect(result).toMatchObject({ ok: false, conflicts: [{ index: 1, existing: { id: 'p1:0.1' } }] });
    expect(await store.items.countDocuments({ slot: 'p4' })).toBe(0);
  });

  it('stores nothing for a request whose deadline has passed, and leaves no lock behind', async () => {
    const late = new AbortController();
    late.abort(new DeadlineExceededError(200));
    await expect(store.record([item('late', 0.1)], late.signal)).rejects.toMatchObject({ code: 'DEADLINE_EXCEEDED' });
    expect(await store.items.countDocuments({ slot: 'late' })).toBe(0);
    expect(await store.locks.countDocuments()).toBe(0);
  });

  it('a write interrupted half way is completed by its retry: the stored part kept as it was, the rest added after it', async () => {
    const batch = [item('half-1', 0.1), item('half-2', 0.2), item('half-3', 0.3)];
    // What an insert cut off after its first document leaves.
    const seq = (await store.lastSeq('engagement')) + 1;
    const { id, ...rest } = batch[0]!;
    await store.items.insertOne({ _id: id, slot: rest.predictionId, ...rest, seq, processedBy: null });
    const retried = await store.record(batch, live);
    expect(retried).toMatchObject({ ok: true, stored: [{ id: 'half-1:0.1', seq }, { id: 'half-2:0.2', seq: seq + 1 }, { id: 'half-3:0.3', seq: seq + 2 }] });
    expect(await store.items.countDocuments({ slot: { $in: ['half-1', 'half-2', 'half-3'] } })).toBe(3);
  });

  it('writes a lone new item without reading the stored items: its position from the model\'s counter, set after the insert', async () => {
    const client = new MongoClient(mongo.uri, { monitorCommands: true });
    const reads: string[] = [];
    client.on('commandStarted', (e) => {
      if (['find', 'aggregate', 'count'].includes(e.commandName)) reads.push(`${e.commandName} ${e.command[e.commandName]} ${Object.keys((e.command.filter ?? {}) as object).join(',')}`);
    });
    try {
      // Another process's store on the same data, as after a restart: its indexes are created again.
      const watched = new FeedbackStore(client.db(`${mongo.prefix}_feedback`));
      const seq = (await store.lastSeq('engagement')) + 1;
      await store.record([item('counted-0', 0.1)], live);
      expect(await store.sequences.findOne({ _id: 'engagement' })).toEqual({ _id: 'engagement', seq });

      const stored = await watched.record([item('lone', 0.1)], live);
      expect(stored).toMatchObject({ ok: true, stored: [{ id: 'lone:0.1', seq: seq + 1 }] });
      // The lock (a point read when held) and the counter: never the feedback collection, whose reads FerretDB answers by decoding all of it.
      expect(reads.filter((r) => r.startsWith('find feedback '))).toEqual([]);
      expect(await store.sequences.findOne({ _id: 'engagement' })).toEqual({ _id: 'engagement', seq: seq + 1 });

      // Asked again, the same outcome is the stored item, found by its id; another outcome a conflict, found by its prediction.
      reads.length = 0;
      expect(await watched.record([item('lone', 0.1)], live)).toMatchObject({ ok: true, stored: [{ id: 'lone:0.1', seq: seq + 1 }] });
      expect(reads.filter((r) => r.startsWith('find feedback '))).toEqual(['find feedback _id']);
      expect(await watched.record([item('lone', 0.7)], live)).toMatchObject({ ok: false, conflicts: [{ index: 0, existing: { id: 'lone:0.1' } }] });
      expect(await store.items.countDocuments({ slot: 'lone' })).toBe(1);
      expect(await store.sequences.findOne({ _id: 'engagement' })).toEqual({ _id: 'engagement', seq: seq + 1 });
    } finally {
      await client.close();
    }
  });

  it('a counter left behind the items (a write cut off before setting it, items from before counters) gives no position twice and is set right', async () => {
    const top = await store.lastSeq('engagement');
    await store.sequences.updateOne({ _id: 'engagement' }, { $set: { seq: top - 3 } });
    expect(await store.record([item('behind-1', 0.1)], live)).toMatchObject({ ok: true, stored: [{ seq: top + 1 }] });
    expect(await store.sequences.findOne({ _id: 'engagement' })).toEqual({ _id: 'engagement', seq: top + 1 });
    await store.sequences.deleteOne({ _id: 'engagement' });
    expect(await store.record([item('behind-2', 0.2), item('behind-3', 0.3)], live)).toMatchObject({ ok: true, stored: [{ seq: top + 2 }, { seq: top + 3 }] });
    expect(await store.sequences.findOne({ _id: 'engagement' })).toEqual({ _id: 'engagement', seq: top + 3 });
  });

  it('writers racing on one model give every item its own position, in one order, and one outcome per prediction wins', async () => {
    const racers = Array.from({ length: 6 }, (_, w) => store.record(Array.from({ length: 5 }, (_, i) => item(`race-${w}-${i}`, 0.01 * i)), live));
    // Two writers with different outcomes for the same prediction: exactly one is stored.
    const contested = [store.record([item('contested', 0.1)], live), store.record([item('contested', 0.2)], live)];
    const results = await Promise.all([...racers, ...contested]);
    expect(results.slice(0, 6).every((r) => r.ok)).toBe(true);
    expect(results.slice(6).filter((r) => r.ok)).toHaveLength(1);
    expect(await store.items.countDocuments({ slot: 'contested' })).toBe(1);
    const seqs = (await store.items.find({ modelId: 'engagement' }).toArray()).map((d) => d.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
  });

  it('pages by position: every item once, in order, the cursor standing still when nothing is new', async () => {
    const seen: string[] = [];
    let after = 0;
    for (;;) {
      const page = await store.page('engagement', after, 4);
      if (page.length === 0) break;
      seen.push(...page.map((p) => p.id));
      after = page[page.length - 1]!.seq;
    }
    expect(seen).toHaveLength(await store.items.countDocuments({ modelId: 'engagement' }));
    expect(new Set(seen).size).toBe(seen.length);
    await store.record([item('late', 0.5)], live);
    expect((await store.page('engagement', after, 4)).map((p) => p.id)).toEqual(['late:0.5']);
  });

  it('a reader paging while writers insert sees every item exactly once, in order', async () => {
    const model = 'growth';
    const rateOn = (id: string) => ({ ...item(id, 0.1), modelId: model });
    let writing = true;
    const writers = Promise.all(
      Array.from({ length: 4 }, async (_, w) => {
        for (let b = 0; b < 6; b++) await store.record([rateOn(`paged-${w}-${b}-a`), rateOn(`paged-${w}-${b}-b`)], live);
      }),
    ).finally(() => {
      writing = false;
    });
    const seen: { id: string; seq: number }[] = [];
    let after = 0;
    const readPage = async () => {
      const page = await store.page(model, after, 3);
      seen.push(...page.map((p) => ({ id: p.id, seq: p.seq })));
      if (page.length > 0) after = page[page.length - 1]!.seq;
      return page.length;
    };
    while (writing) await readPage();
    await writers;
    while ((await readPage()) > 0);
    expect(seen).toHaveLength(48);
    expect(new Set(seen.map((s) => s.id)).size).toBe(48);
    expect(seen.map((s) => s.seq)).toEqual(Array.from({ length: 48 }, (_, i) => i + 1));
  });

  it('two processing runs racing: every item in exactly one batch, the counts add up, batches in order', async () => {
    const total = await store.items.countDocuments({ modelId: 'engagement' });
    const [a, b] = await Promise.all([processing.process('engagement', metricsByVersion, () => new Date()), processing.process('engagement', metricsByVersion, () => new Date())]);
    expect(a.items + b.items).toBe(total);
    const claimed = await store.items.find({ modelId: 'engagement' }).toArray();
    expect(claimed.every((d) => d.processedBy === a.id || d.processedBy === b.id)).toBe(true);
    for (const batch of [a, b].filter((x) => x.items > 0)) {
      expect(claimed.filter((d) => d.processedBy === batch.id)).toHaveLength(batch.items);
      expect(batch.byVersion).toEqual([expect.objectContaining({ version: '1.0.0', count: batch.items })]);
    }
    const stored = await processing.page('engagement', 0, 10);
    expect(stored.map((s) => s.id)).toEqual([a, b].filter((x) => x.items > 0).map((x) => x.id));
    expect(stored.every((s) => s.state === 'DONE')).toBe(true);
    expect(await processing.processedCount('engagement')).toBe(total);
  });

  it('a run with nothing to claim stores no batch', async () => {
    const before = await processing.batches.countDocuments();
    const empty = await processing.process('engagement', metricsByVersion, () => new Date());
    expect(empty).toMatchObject({ items: 0, byVersion: [] });
    expect(await processing.batches.countDocuments()).toBe(before);
  });

  it('a run interrupted after claiming loses nothing: the next run completes its batch before claiming anew, and readers wait for it', async () => {
    await store.record([item('crash-1', 0.1), item('crash-2', 0.2)], live);
    const [last] = await processing.batches.find({ modelId: 'engagement' }).sort({ seq: -1 }).limit(1).toArray();
    // What a run that died between its claim and its metrics leaves: an OPEN record, its items claimed.
    await processing.batches.insertOne({ _id: 'crashed', modelId: 'engagement', seq: last!.seq + 1, state: 'OPEN', startedAt: at, processedAt: null, items: 0, byVersion: [] });
    await store.items.updateMany({ slot: { $in: ['crash-1', 'crash-2'] } }, { $set: { processedBy: 'crashed' } });
    const cursor = last!.seq;
    expect(await processing.page('engagement', cursor, 10)).toEqual([]);
    expect(await processing.processedCount('engagement')).toBe((await store.items.countDocuments({ modelId: 'engagement' })) - 2);

    await store.record([item('after-crash', 0.3)], live);
    const next = await processing.process('engagement', metricsByVersion, () => new Date());
    expect(next.items).toBe(1);
    const page = await processing.page('engagement', cursor, 10);
    expect(page.map((p) => [p.id, p.items])).toEqual([
      ['crashed', 2],
      [next.id, 1],
    ]);
    expect(await processing.processedCount('engagement')).toBe(await store.items.countDocuments({ modelId: 'engagement' }));
  });
});
