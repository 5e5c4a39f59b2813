import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testMongo } from '../../../test/support/mongo.js';
import { RECENT_INDEX, RecordStore } from '../src/record-store.js';

interface Served {
  id: string;
  value: number;
  createdAt: Date;
}

const live = new AbortController().signal;
const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute));

describe('RecordStore.findRecent on a real MongoDB-compatible server', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  let store: RecordStore<Served>;
  beforeAll(async () => {
    mongo = await testMongo();
    store = new RecordStore<Served>(mongo.db('platform').collection('served'));
    // Two at the same minute: `_id` orders them (descending), so pages never shuffle.
    await store.record(
      [
        { id: 'a', value: 1, createdAt: at(1) },
        { id: 'c', value: 3, createdAt: at(3) },
        { id: 'b', value: 2, createdAt: at(2) },
        { id: 'b2', value: 2, createdAt: at(2) },
        { id: 'd', value: 4, createdAt: at(4) },
      ],
      live,
    );
  });
  afterAll(() => mongo.drop());

  it('returns the records created at or after `since`, newest first, at most `limit`', async () => {
    expect((await store.findRecent(at(2), 10)).map((r) => r.id)).toEqual(['d', 'c', 'b2', 'b']);
    expect((await store.findRecent(at(0), 3)).map((r) => r.id)).toEqual(['d', 'c', 'b2']);
    expect(await store.findRecent(at(5), 10)).toEqual([]);
    expect(await store.findRecent(at(4), 1)).toEqual([{ id: 'd', value: 4, createdAt: at(4) }]);
  });

  it('creates the createdAt index on first use; MongoDB plans the recent query on it, FerretDB 1.24 scans', async () => {
    const indexes = await store.collection.indexes();
    expect(indexes.find((i) => i.name === RECENT_INDEX.name)?.key).toEqual(RECENT_INDEX.key);
    const plan = (await store.collection.find({ createdAt: { $gte: at(2) } }).sort(RECENT_INDEX.key).limit(2).explain()) as Record<string, any>;
    if (plan.serverInfo?.ferretdbVersion) {
      // FerretDB 1.x on SQLite pushes no range filter or sort down (FerretDB#3235, #3966): it
      // scans and sorts in memory whatever index exists. MongoDB is where the index pays.
      expect(plan).toMatchObject({ filterPushdown: false, sortPushdown: false });
      expect(JSON.stringify(plan.queryPlanner)).toContain('SCAN');
    } else {
      const winning = JSON.stringify(plan.queryPlanner.winningPlan);
      expect(winning).toContain(RECENT_INDEX.name);
      expect(winning).not.toContain('"SORT"');
    }
  });
});
