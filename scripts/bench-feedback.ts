/**
 * `pnpm bench:feedback`: what recording feedback costs as the `feedback` collection grows.
 * Runs the feedback subgraph's own FeedbackStore (the model's write lock, its position counter,
 * the unique slot) against a FerretDB of its own, or `--uri` / MONGODB_URI; for each count of
 * items already stored it times (median of `--runs`): a lone new item (submitFeedback), a batch
 * of 10 new items (submitFeedbackBatch, the ingest poller), and a lone item sent again (a
 * client's retry). On FerretDB 1.24 every read but an `_id` equality decodes the whole
 * collection, so what grows with the data is what reads `feedback`. A script, not a test.
 *
 *   pnpm bench:feedback [--stored 0,5000,20000] [--runs 3] [--uri mongodb://…]
 */
import { loadavg } from 'node:os';
import { MongoClient } from 'mongodb';
import { givenOrTemporaryDatabase } from '@telepulse/devstack/temporary-ferretdb';
import { FeedbackStore, type FeedbackDoc } from '@telepulse/feedback/store/feedback-store';
import { sampleFeedback } from '../subgraphs/feedback/test/sample-feedback.js';
import { collectionGrowthOptions, formatDuration, machineLine, serverLabel } from './bench-sizes.js';
import { median } from './bench-stats.js';

const { storedCounts, runs, uri: givenUri } = collectionGrowthOptions({ stored: '0,5000,20000', runs: '3' });
/** Items in the timed batch. */
const BATCH = 10;
const live = new AbortController().signal;
const MODEL = 'engagement';

/** An observed engagement rate for prediction `predictionId`, as the submit use case makes it (its id stands for the outcome). */
const feedback = (predictionId: string, rate: number) => sampleFeedback(predictionId, rate, { modelVersion: '2.1.0', channelId: 'bench', receivedAt: new Date() });

async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

const database = await givenOrTemporaryDatabase('bench-feedback', givenUri);
const { uri } = database;
const client = new MongoClient(uri);

interface Row {
  stored: number;
  loneMs: number[];
  batchMs: number[];
  repeatMs: number[];
}
const rows: Row[] = [];
const loadBefore = loadavg();
try {
  for (const stored of storedCounts) {
    const db = client.db(`bench_feedback_${stored}`);
    await db.dropDatabase();
    const store = new FeedbackStore(db);
    // Filled as stored items look (positions 1..stored), past the store's checks: the bench times what comes after.
    await store.record([feedback('first', 0.01)], live);
    for (let i = 1; i < stored; i += 1000) {
      const docs: FeedbackDoc[] = Array.from({ length: Math.min(1000, stored - i) }, (_, k) => {
        const { id, ...rest } = feedback(`stored-${i + k}`, 0.01);
        return { _id: id, slot: rest.predictionId, ...rest, seq: i + k + 1, processedBy: null };
      });
      await store.items.insertMany(docs);
    }
    await store.sequences.updateOne({ _id: MODEL }, { $set: { seq: Math.max(stored, 1) } }, { upsert: true });
    const row: Row = { stored, loneMs: [], batchMs: [], repeatMs: [] };
    for (let run = 0; run < runs; run++) {
      row.loneMs.push(await timed(() => store.record([feedback(`lone-${run}`, 0.02)], live)));
      row.batchMs.push(await timed(() => store.record(Array.from({ length: BATCH }, (_, i) => feedback(`batch-${run}-${i}`, 0.03)), live)));
      row.repeatMs.push(await timed(() => store.record([feedback(`lone-${run}`, 0.02)], live)));
    }
    const count = await store.items.countDocuments({ modelId: MODEL });
    if (count !== Math.max(stored, 1) + runs * (1 + BATCH)) throw new Error(`expected ${Math.max(stored, 1) + runs * (1 + BATCH)} items, found ${count}: a repeat was stored twice or an item lost`);
    rows.push(row);
    await db.dropDatabase();
    console.error(`stored ${stored}: done`);
  }
} finally {
  await client.close();
  await database.remove();
}

console.log(`\n${serverLabel(givenUri, uri)}; the feedback subgraph's FeedbackStore, median of ${runs}`);
console.log(`${machineLine(loadBefore)}\n`);
console.log(`| items stored | a lone new item | ${BATCH} new items | a lone item sent again |`);
console.log('|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.stored.toLocaleString('en')} | ${formatDuration(median(r.loneMs))} | ${formatDuration(median(r.batchMs))} | ${formatDuration(median(r.repeatMs))} |`);
