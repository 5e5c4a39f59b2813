import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testMongo } from '../../../test/support/mongo.js';
import { cacheCounters } from '../src/cache-counters.js';
import { RecordStore } from '../src/record-store.js';

interface Served {
  id: string;
  value: number;
  createdAt: Date;
}

const live = new AbortController().signal;
const served = (id: string): Served => ({ id, value: 1, createdAt: new Date(Date.UTC(2026, 0, 1)) });

describe("RecordStore's by-id cache on a real MongoDB-compatible server", () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  let store: RecordStore<Served>;
  beforeAll(async () => {
    mongo = await testMongo();
    store = new RecordStore<Served>(mongo.db('platform').collection('cached_records'), { cacheSize: 2 });
    // Stored by another process: this store has not seen them.
    await store.collection.insertMany(['a', 'b', 'c'].map((id) => ({ _id: id, value: 1, createdAt: served(id).createdAt })));
  });
  afterAll(() => mongo.drop());

  it('answers a stored record from memory once read (it never changes), counting hits and misses', async () => {
    expect([...(await store.findByIds(['a', 'b'])).keys()]).toEqual(['a', 'b']);
    expect(store.stats.cache).toMatchObject({ hits: 0, misses: 2, size: 2 });
    // Gone from the database behind the store's back: only the cache can still answer.
    await store.collection.deleteMany({ _id: { $in: ['a', 'b'] } });
    expect(await store.findByIds(['a', 'b'])).toEqual(new Map([['a', served('a')], ['b', served('b')]]));
    expect(store.stats.cache).toMatchObject({ hits: 2, misses: 2 });
    expect(cacheCounters()['records:cached_records']).toMatchObject({ hits: 2, misses: 2 });
  });

  it('holds at most its capacity, dropping the least recently used', async () => {
    // 'a' was used last-but-one; reading 'c' (a miss) makes room by dropping it.
    await store.findByIds(['b']);
    expect([...(await store.findByIds(['c'])).keys()]).toEqual(['c']);
    expect(store.stats.cache).toMatchObject({ evictions: 1, size: 2 });
    expect(await store.findByIds(['a', 'b'])).toEqual(new Map([['b', served('b')]]));
  });

  it('keeps what it writes: asking again for a record it stored answers it as stored, with no write', async () => {
    const own = new RecordStore<Served>(mongo.db('platform').collection('cached_writes'), { cacheSize: 10 });
    expect(await own.record([served('w1'), served('w2')], live)).toEqual([served('w1'), served('w2')]);
    expect(own.stats.writes).toMatchObject({ groups: 1, items: 2 });
    const later = { id: 'w1', value: 2, createdAt: new Date(Date.UTC(2026, 5, 1)) };
    // The repeat keeps its first record; a new id beside it is the only one written.
    expect(await own.record([later, served('w3')], live)).toEqual([served('w1'), served('w3')]);
    expect(own.stats.writes).toMatchObject({ groups: 2, items: 3 });
    expect(await own.record([later], live)).toEqual([served('w1')]);
    expect(own.stats.writes).toMatchObject({ groups: 2, items: 3 });
    // Reads of what it wrote need no query either.
    await own.collection.deleteMany({});
    expect([...(await own.findByIds(['w1', 'w2', 'w3'])).keys()]).toEqual(['w1', 'w2', 'w3']);
  });
});
