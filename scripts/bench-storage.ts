/**
 * `pnpm bench:storage`: what storing and reading served engagement predictions costs the
 * database, as the collection grows. Runs engagement's own PredictionStore (group commit, the
 * stored form of input-bytes-codec.ts) against a FerretDB of its own, or `--uri` / MONGODB_URI; for
 * each count of predictions already stored it times (median of `--runs`, each on a cold cache):
 * an insert of 64 new predictions (and the server's CPU for it, when the server is our own),
 * 64 asked again (stored before: a failed insert, then read back by id), and one read by id.
 * It answers two questions with numbers: how far the database alone is from issue 13's 10,000
 * predictions/s (one document per prediction), and whether reads by id stay cheap as the
 * collection grows (on FerretDB 1.24 they do not: SQLite scans for `_id`). A script, not a test.
 *
 *   pnpm bench:storage [--stored 0,20000,80000] [--runs 5] [--uri mongodb://…]
 */
import { loadavg } from 'node:os';
import { MongoClient } from 'mongodb';
import { launchTemporaryFerretDb } from '@telepulse/devstack/temporary-ferretdb';
import type { EngagementPredictionRecord } from '@telepulse/engagement/domain/prediction';
import { PredictionStore } from '@telepulse/engagement/store/prediction-store';
import { cpuMs } from './process-usage.js';
import { collectionGrowthOptions, formatDuration, machineLine, serverLabel } from './bench-sizes.js';
import { median } from './bench-stats.js';

const { storedCounts, runs, uri: givenUri } = collectionGrowthOptions({ stored: '0,20000,80000', runs: '5' });
/** Predictions per timed write: bench:gateway's batch. */
const BATCH = 64;
/** The engagement model's input: 33 posts × 20 features. */
const INPUT_SHAPE: [number, number] = [33, 20];
const live = new AbortController().signal;

const own = givenUri ? undefined : await launchTemporaryFerretDb('bench-storage');
const uri = givenUri || own!.server.uri;
const client = new MongoClient(uri);

/** The server's CPU time in ms (from /proc, in 10 ms ticks), when it is our own FerretDB. */
const serverCpuMs = () => (own?.server.pid !== undefined ? cpuMs(own.server.pid) : undefined);
/** Writes of BATCH new predictions timed together for the server's CPU: enough that its 10 ms ticks do not matter. */
const CPU_WRITES = 40;

/** A served prediction as engagement stores it, with a model input of its own. */
function prediction(id: string, i: number): EngagementPredictionRecord {
  const input = new Float32Array(INPUT_SHAPE[0] * INPUT_SHAPE[1]);
  for (let k = 0; k < input.length; k++) input[k] = Math.fround(Math.sin(i * 31 + k));
  return {
    id,
    channelId: `demo-${(i % 4) + 1}`,
    predictedEngagement: 0.02 + (i % 100) / 10_000,
    confidence: 0.4,
    baseline: 0.02,
    historyLength: 32,
    features: { hourOfDay: i % 24, dayOfWeek: i % 7, contentLength: 50 + (i % 4000), hasMedia: i % 2 === 0, postedAt: null, views: null, forwards: null, replies: null, reactions: null },
    modelName: 'engagement',
    modelVersion: 'bench',
    input,
    inputShape: INPUT_SHAPE,
    createdAt: new Date(Date.UTC(2026, 0, 1) + i * 1000),
  } as EngagementPredictionRecord;
}
const batchOf = (prefix: string, count: number, from = 0) => Array.from({ length: count }, (_, i) => prediction(`${prefix}${from + i}`, from + i));

async function timed<T>(action: () => Promise<T>): Promise<{ ms: number; cpu: number | undefined; value: T }> {
  const cpuBefore = serverCpuMs();
  const started = performance.now();
  const value = await action();
  const ms = performance.now() - started;
  const cpuAfter = serverCpuMs();
  return { ms, cpu: cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined, value };
}

interface Row {
  stored: number;
  insertMs: number[];
  /** The server's CPU over CPU_WRITES writes of BATCH new predictions, per write. */
  insertCpu: number | undefined;
  repeatMs: number[];
  readMs: number[];
}
const rows: Row[] = [];
const loadBefore = loadavg();
try {
  for (const stored of storedCounts) {
    const db = client.db(`bench_storage_${stored}`);
    await db.dropDatabase();
    // Filled through a store of its own; every timed step below uses a new one (an empty cache).
    const filler = new PredictionStore(db);
    for (let i = 0; i < stored; i += 1000) await filler.recordPredictions(batchOf('stored-', Math.min(1000, stored - i), i), live);
    const row: Row = { stored, insertMs: [], insertCpu: undefined, repeatMs: [], readMs: [] };
    const writes = await timed(async () => {
      for (let w = 0; w < CPU_WRITES; w++) await new PredictionStore(db).recordPredictions(batchOf(`cpu${w}-`, BATCH), live);
    });
    row.insertCpu = writes.cpu !== undefined ? writes.cpu / CPU_WRITES : undefined;
    for (let run = 0; run < runs; run++) {
      const fresh = batchOf(`run${run}-`, BATCH);
      row.insertMs.push((await timed(() => new PredictionStore(db).recordPredictions(fresh, live))).ms);
      const repeat = await timed(() => new PredictionStore(db).recordPredictions(fresh, live));
      if (repeat.value.some((r, i) => r.id !== fresh[i]!.id)) throw new Error('a repeat came back with other predictions');
      row.repeatMs.push(repeat.ms);
      // One id from anywhere in the collection (a stored one when there are any).
      const id = stored > 0 ? `stored-${Math.floor(((run + 0.5) / runs) * stored)}` : fresh[0]!.id;
      const read = await timed(() => new PredictionStore(db).findByIds([id]));
      if (!read.value.has(id)) throw new Error(`prediction ${id} was not read back`);
      row.readMs.push(read.ms);
    }
    rows.push(row);
    await db.dropDatabase();
    console.error(`stored ${stored}: done`);
  }
} finally {
  await client.close();
  await own?.remove();
}

console.log(`\n${serverLabel(givenUri, uri)}; engagement's PredictionStore, ${BATCH} predictions per write (33 × 20 float32 input each), median of ${runs}, each step on a cold cache`);
console.log(`${machineLine(loadBefore)}\n`);
console.log(`| predictions stored | ${BATCH} new: wall | ${BATCH} new: server CPU (mean of ${CPU_WRITES}) | server CPU per prediction | ${BATCH} asked again (stored before) | 1 read by id |`);
console.log('|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  const cpu = r.insertCpu;
  console.log(
    `| ${r.stored.toLocaleString('en')} | ${formatDuration(median(r.insertMs))} | ${cpu !== undefined ? formatDuration(cpu) : '–'} | ${cpu !== undefined ? `${(cpu / BATCH).toFixed(3)} ms` : '–'} | ${formatDuration(median(r.repeatMs))} | ${formatDuration(median(r.readMs))} |`,
  );
}
