import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { testMongo } from '../../../test/support/mongo.js';
import { ingestPosts, ingestSubscriberCounts } from '../src/domain/ingest.js';
import { RECENT_POSTS_WINDOW, type Post } from '../src/domain/channel.js';
import { ChannelStore } from '../src/store/channel-store.js';
import { samplePost as post } from './sample-post.js';
import { ingestKey } from '../src/store/open-ingests.js';
import { newestFirst } from '../src/store/read-model.js';

/** The signal of a request that is still running. */
const live = new AbortController().signal;

const now = new Date('2025-01-01T00:00:00Z');
const options = { skipInvalid: false, now, signal: live };
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => post(from + i));
const day = (d: number) => new Date(Date.UTC(2024, 0, d));

describe('the channel store on a real MongoDB-compatible server', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  let store: ChannelStore;
  const channel = async (id: string) => (await store.findChannels([id])).get(id);
  /** What the posts collection says the window should be: the newest committed posts. */
  const newestStored = async (id: string) =>
    (await store.posts.find({ channelId: id }).toArray()).map(({ _id, channelId, ingestedAt, ingestRun, ...p }) => p as Post).sort(newestFirst);

  beforeAll(async () => {
    mongo = await testMongo();
    store = new ChannelStore(mongo.db('channels'));
  });
  afterAll(() => mongo.drop());

  it('concurrent ingests into one channel, overlapping on new posts, count every post once', async () => {
    const batches = [range(1, 40), range(30, 70), range(60, 90), range(1, 90)];
    const results = await Promise.all(batches.map((batch) => ingestPosts(store, 'busy', batch, options)));
    expect(results.reduce((sum, r) => sum + r.inserted, 0)).toBe(90);
    const stored = (await channel('busy'))!;
    expect(stored.postCount).toBe(90);
    expect(stored.recentPosts).toEqual((await newestStored('busy')).slice(0, RECENT_POSTS_WINDOW));
    expect(stored.openIngests).toEqual([]);
  });

  it('the same call sent twice at once (a client retrying too early) counts its posts once; each answer says they were inserted', async () => {
    const [one, two] = await Promise.all([ingestPosts(store, 'twice', range(1, 50), options), ingestPosts(store, 'twice', range(1, 50), options)]);
    expect((await channel('twice'))!.postCount).toBe(50);
    expect(one.inserted + one.unchanged).toBe(50);
    expect(two.inserted + two.unchanged).toBe(50);
  });

  it('a post whose date moves back out of a full window lets the next older post in', async () => {
    await ingestPosts(store, 'moved', range(1, 40), options);
    await ingestPosts(store, 'moved', [post(35, { postedAt: new Date(Date.UTC(2024, 4, 1)) })], options);
    const stored = (await channel('moved'))!;
    expect(stored.postCount).toBe(40);
    expect(stored.recentPosts.map((p) => p.id)).toEqual(range(8, 40).filter((p) => p.id !== '35').map((p) => p.id).reverse());
    expect(stored.lastPostAt).toEqual(post(40).postedAt);
  });

  it('posts(limit, before) answers the same from the window as from the collection', async () => {
    const stored = (await channel('moved'))!;
    const all = await newestStored('moved');
    for (const [limit, before] of [[5, null], [32, null], [40, null], [3, post(20).postedAt], [30, post(20).postedAt], [10, post(3).postedAt]] as const) {
      const expected = all.filter((p) => !before || p.postedAt < before).slice(0, limit);
      expect(await store.findPosts(stored, limit, before)).toEqual(expected);
    }
  });

  it("historyVersion's stamp: the channel document's revision after every write, none for a channel not there or not committed, and a missing stamp read from the document and written", async () => {
    const versionOf = async (id: string) => (await store.findVersions([id])).get(id);
    await ingestPosts(store, 'stamped', range(1, 5), options);
    expect(await versionOf('stamped')).toBe((await channel('stamped'))!.revision);
    await ingestPosts(store, 'stamped', range(6, 7), options);
    const after = (await channel('stamped'))!.revision;
    expect(await versionOf('stamped')).toBe(after);
    await store.upsertChannel('stamped', 'Titled', now, live);
    expect(await versionOf('stamped')).toBe(after + 1);
    // Concurrent ingests: the stamp ends at the last revision whatever order the stamps landed in.
    await Promise.all([range(8, 20), range(15, 30), range(25, 40)].map((batch) => ingestPosts(store, 'stamped', batch, options)));
    expect(await versionOf('stamped')).toBe((await channel('stamped'))!.revision);

    expect(await store.findVersions(['nowhere'])).toEqual(new Map());
    await store.channels.insertOne({ _id: 'uncommitted', title: null, createdAt: null, updatedAt: now, revision: 1 });
    expect(await store.findVersions(['uncommitted'])).toEqual(new Map());

    // A document from before the stamps (or a first stamp interrupted): read from the channel, then stamped.
    await store.versions.deleteOne({ _id: 'stamped' });
    const revision = (await channel('stamped'))!.revision;
    expect(await versionOf('stamped')).toBe(revision);
    expect(await store.versions.findOne({ _id: 'stamped' })).toEqual({ _id: 'stamped', revision });
  });

  describe('an ingest that wrote its posts and stopped before its commit', () => {
    // The state a failed call leaves (the interruption itself is test/e2e/ingest-interruption.e2e.test.ts):
    // the channel document records the open ingest, and its posts carry its run.
    const leaveOpen = async (channelId: string, posts: Post[], committedBefore: Post[]) => {
      if (committedBefore.length > 0) await ingestPosts(store, channelId, committedBefore, options);
      const run = 'run-that-failed';
      const open = { key: ingestKey('posts', channelId, posts.map((p) => `${channelId}/${p.id}`)), run, since: now };
      await store.channels.updateOne(
        { _id: channelId },
        { $set: { openIngests: [open] }, $setOnInsert: { title: null, createdAt: null, updatedAt: now, postCount: 0, revision: 1 } },
        { upsert: true },
      );
      await store.posts.insertMany(posts.map((p) => ({ _id: `${channelId}/${p.id}`, channelId, ...p, ingestedAt: now, ingestRun: run })));
    };

    it('is invisible: a new channel does not exist for readers, and upsertChannel then shows it without those posts', async () => {
      await leaveOpen('half-new', range(1, 10), []);
      expect(await channel('half-new')).toBeUndefined();
      expect((await store.listChannels(500)).map((c) => c._id)).not.toContain('half-new');
      const made = await store.upsertChannel('half-new', 'Named', now, live);
      expect(made).toMatchObject({ postCount: 0, recentPosts: [] });
      expect(await store.findPosts(made, 50, null)).toEqual([]);
    });

    it('is invisible in an existing channel: its posts are not listed, counted, or in the window', async () => {
      await leaveOpen('half-old', range(50, 60), range(1, 40));
      const stored = (await channel('half-old'))!;
      expect(stored.postCount).toBe(40);
      expect(stored.recentPosts[0]!.id).toBe('40');
      expect((await store.findPosts(stored, 100, null)).map((p) => p.id)).toEqual(range(1, 40).map((p) => p.id).reverse());
    });

    it('is invisible by key too: a post reference finds committed posts only, with their channel', async () => {
      const keys = [
        { channelId: 'half-old', id: '40' },
        { channelId: 'half-old', id: '55' },
        { channelId: 'half-new', id: '1' },
        { channelId: 'half-old', id: 'no-such-post' },
        { channelId: 'no-such-channel', id: '1' },
      ];
      const found = await store.findPostsByKey(keys);
      expect([...found.keys()]).toEqual(['half-old/40']);
      expect(found.get('half-old/40')).toEqual({ ...post(40), channelId: 'half-old' });
      expect((await store.findPostsByKey([{ channelId: 'no-such-channel', id: '1' }])).size).toBe(0);
    });

    it('is healed by retrying the same call: its posts are counted once, as inserted, and become visible', async () => {
      const retried = await ingestPosts(store, 'half-old', range(50, 60), options);
      expect(retried).toMatchObject({ inserted: 11, updated: 0, unchanged: 0 });
      const stored = (await channel('half-old'))!;
      expect(stored).toMatchObject({ postCount: 51, openIngests: [] });
      expect(stored.recentPosts.map((p) => p.id)).toEqual((await newestStored('half-old')).slice(0, RECENT_POSTS_WINDOW).map((p) => p.id));
      expect(await ingestPosts(store, 'half-old', range(50, 60), options)).toMatchObject({ inserted: 0, unchanged: 11 });
      expect((await channel('half-old'))!.postCount).toBe(51);
    });

    it('another call over the same posts leaves them to the ingest that inserted them', async () => {
      await leaveOpen('half-other', range(1, 5), []);
      const other = await ingestPosts(store, 'half-other', range(1, 6), options);
      expect(other).toMatchObject({ inserted: 1, unchanged: 5 });
      expect((await channel('half-other'))!.postCount).toBe(1);
      expect(await ingestPosts(store, 'half-other', range(1, 5), options)).toMatchObject({ inserted: 5 });
      expect((await channel('half-other'))!.postCount).toBe(6);
    });
  });

  it('reads and extends documents written by the previous version (no revision, no open ingests, no window on an upsertChannel channel)', async () => {
    await store.channels.insertOne({ _id: 'legacy', title: 'Old', createdAt: now, updatedAt: now, postCount: 2, lastPostAt: post(2).postedAt, recentPosts: [post(2), post(1)] });
    await store.channels.insertOne({ _id: 'legacy-empty', title: 'Made by upsertChannel on FerretDB', createdAt: now, updatedAt: now, postCount: 0 });
    await store.posts.insertMany([post(1), post(2)].map((p) => ({ _id: `legacy/${p.id}`, channelId: 'legacy', ...p, ingestedAt: now })));
    await store.subscriberCounts.insertMany([1, 2].map((d) => ({ _id: `legacy/2024-01-0${d}`, channelId: 'legacy', date: day(d), count: d * 10 })));

    expect(await channel('legacy-empty')).toMatchObject({ recentPosts: [], lastPostAt: null, postCount: 0 });
    const before = (await channel('legacy'))!;
    expect(await store.latestSubscriberCount(before)).toEqual({ date: day(2), count: 20 });

    expect(await ingestPosts(store, 'legacy', [post(2, { views: 5 }), post(3)], options)).toMatchObject({ inserted: 1, updated: 1 });
    expect(await ingestSubscriberCounts(store, 'legacy', [{ date: day(3), count: 30 }], options)).toMatchObject({ inserted: 1 });
    const after = (await channel('legacy'))!;
    expect(after).toMatchObject({ postCount: 3, latestSubscriberCount: { date: day(3), count: 30 } });
    expect(after.recentPosts.map((p) => [p.id, p.views])).toEqual([['3', 103], ['2', 5], ['1', 101]]);
  });

  it('subscriber counts: an inclusive day range, oldest first, and the latest day kept on the channel', async () => {
    await ingestSubscriberCounts(store, 'days', [5, 1, 3, 2, 4].map((d) => ({ date: day(d), count: d })), options);
    await ingestSubscriberCounts(store, 'days-other', [{ date: day(9), count: 9 }], options);
    const stored = (await channel('days'))!;
    expect(stored.latestSubscriberCount).toEqual({ date: day(5), count: 5 });
    expect((await store.findSubscriberCounts(stored, day(2), day(4))).map((p) => p.count)).toEqual([2, 3, 4]);
    expect((await store.findSubscriberCounts(stored, null, null)).map((p) => p.count)).toEqual([1, 2, 3, 4, 5]);
    expect((await store.findSubscriberCounts(stored, day(4), null)).map((p) => p.count)).toEqual([4, 5]);
  });

  it('subscriber counts of several channels and ranges in one query: each request gets its own days, oldest first', async () => {
    await ingestSubscriberCounts(store, 'many-a', [3, 1, 2, 5, 4].map((d) => ({ date: day(d), count: d })), options);
    await ingestSubscriberCounts(store, 'many-b', [2, 3, 4].map((d) => ({ date: day(d), count: 10 * d })), options);
    await store.upsertChannel('many-c', 'No counts', now, live);
    const [a, b, c] = await Promise.all(['many-a', 'many-b', 'many-c'].map(channel));
    const monitored = new MongoClient(mongo.uri, { monitorCommands: true });
    const finds: string[] = [];
    monitored.on('commandStarted', (event) => event.commandName === 'find' && finds.push(String(event.command.find)));
    try {
      const counts = await new ChannelStore(monitored.db(store.db.databaseName)).findSubscriberCountsOf([
        { channel: a!, from: day(2), to: day(4) },
        { channel: b!, from: null, to: null },
        { channel: c!, from: null, to: null },
        { channel: a!, from: day(4), to: null },
        { channel: b!, from: null, to: day(2) },
      ]);
      expect(counts.map((days) => days.map((p) => p.count))).toEqual([[2, 3, 4], [20, 30, 40], [], [4, 5], [20]]);
      expect(counts[0]![0]).toEqual({ date: day(2), count: 2 });
      expect(finds).toEqual(['subscriber_counts']);
    } finally {
      await monitored.close();
    }
  });

  it('upsertChannel racing the ingest that creates the channel: one document, the title kept, every post counted', async () => {
    await Promise.all([store.upsertChannel('raced', 'Raced', now, live), ingestPosts(store, 'raced', range(1, 20), options)]);
    expect(await channel('raced')).toMatchObject({ title: 'Raced', postCount: 20 });
  });
});
