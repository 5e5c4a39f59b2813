/**
 * `pnpm bench:ingest`: how long ingesting 1,000 posts into a new channel takes while N posts
 * (default 0, 10,000 and 100,000) are already stored in another channel: the ingest's cost must
 * not grow with the data it does not touch. Also times the same 1,000 posts sent again
 * (all unchanged: they are read back by `_id`). Runs the channels subgraph's own ingest
 * (validation, ChannelStore) against a FerretDB of its own in a temporary directory, or against
 * `--uri` / MONGODB_URI. Prints a markdown table (for BENCHMARKS.md). A script, not a test:
 * nothing here asserts time.
 *
 *   pnpm bench:ingest [--stored 0,10000,100000] [--runs 3] [--uri mongodb://…]
 */
import { loadavg } from 'node:os';
import { MongoClient } from 'mongodb';
import { simulateChannels, type PostRecord } from '@telepulse/dataset';
import { givenOrTemporaryDatabase } from '@telepulse/devstack/temporary-ferretdb';
import { ingestPosts } from '@telepulse/channels/domain/ingest';
import { ChannelStore } from '@telepulse/channels/store/channel-store';
import { collectionGrowthOptions, machineLine, serverLabel } from './bench-sizes.js';
import { median } from './bench-stats.js';

/** The signal of a request that is still running. */
const live = new AbortController().signal;

const { storedCounts, runs, uri: givenUri } = collectionGrowthOptions({ stored: '0,10000,100000', runs: '3' });
const BATCH = 1000;
const now = new Date('2025-01-01T00:00:00Z');

const database = await givenOrTemporaryDatabase('bench-ingest', givenUri);
const { uri } = database;
const client = new MongoClient(uri);

/** `count` posts in the API's shape, with real-looking values, one minute apart, ids unique within `prefix`. */
function posts(count: number, prefix: string): PostRecord[] {
  const [template] = simulateChannels({ seed: 7, channels: 1, days: 30 });
  const start = Date.UTC(2024, 0, 1);
  return Array.from({ length: count }, (_, i) => {
    const like = template!.posts[i % template!.posts.length]!;
    return { ...like, id: `${prefix}${i}`, postedAt: new Date(start + i * 60_000).toISOString() };
  });
}
const drafts = (records: PostRecord[]) => records.map((p) => ({ ...p, postedAt: new Date(p.postedAt) }));

async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

const rows: { stored: number; fresh: number[]; again: number[] }[] = [];
const loadBefore = loadavg();
try {
  for (const stored of storedCounts) {
    const db = client.db(`bench_ingest_${stored}`);
    await db.dropDatabase();
    const store = new ChannelStore(db);
    const other = drafts(posts(stored, 'o'));
    for (let i = 0; i < other.length; i += 5000) await ingestPosts(store, 'other', other.slice(i, i + 5000), { skipInvalid: false, now, signal: live });
    const row = { stored, fresh: [] as number[], again: [] as number[] };
    for (let run = 0; run < runs; run++) {
      const batch = drafts(posts(BATCH, `r${run}-`));
      row.fresh.push(await timed(() => ingestPosts(store, `fresh-${run}`, batch, { skipInvalid: false, now, signal: live })));
      row.again.push(await timed(() => ingestPosts(store, `fresh-${run}`, batch, { skipInvalid: false, now, signal: live })));
    }
    const channel = (await store.findChannels([`fresh-${runs - 1}`])).get(`fresh-${runs - 1}`);
    if (channel?.postCount !== BATCH) throw new Error(`expected ${BATCH} posts on the fresh channel, found ${channel?.postCount}`);
    rows.push(row);
    await db.dropDatabase();
    console.error(`stored ${stored}: done`);
  }
} finally {
  await client.close();
  await database.remove();
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
console.log(`\n${serverLabel(givenUri, uri)}; ${BATCH} posts per ingest, median of ${runs} (each run: a new channel, then the same posts again)`);
console.log(`${machineLine(loadBefore)}\n`);
console.log(`| posts stored in another channel | ${BATCH} posts into a new channel | the same ${BATCH} again (unchanged) |`);
console.log('|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.stored.toLocaleString('en')} | ${fmt(median(r.fresh))} | ${fmt(median(r.again))} |`);
