import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelledError, InvalidInputError } from '@telepulse/platform';
import { testMongo } from '../../../test/support/mongo.js';
import { ingestPosts, ingestSubscriberCounts } from '../src/domain/ingest.js';
import { RECENT_POSTS_WINDOW } from '../src/domain/channel.js';
import { ChannelStore } from '../src/store/channel-store.js';
import { samplePost as post } from './sample-post.js';

const now = new Date('2025-01-01T00:00:00Z');
/** The signal of a request that is still running. */
const live = new AbortController().signal;

describe('channel ingestion against a real MongoDB-compatible server', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  let store: ChannelStore;

  beforeAll(async () => {
    mongo = await testMongo();
    store = new ChannelStore(mongo.db('channels'));
  });
  afterAll(() => mongo.drop());
  const stored = async (id: string) => (await store.findChannels([id])).get(id)!;

  it('creates the channel on first ingest and counts inserts', async () => {
    const result = await ingestPosts(store, 'c1', [post(1), post(2)], { skipInvalid: false, now, signal: live });
    expect(result).toMatchObject({ channelId: 'c1', inserted: 2, updated: 0, unchanged: 0, rejected: 0 });
    const channel = (await store.findChannels(['c1'])).get('c1');
    expect(channel).toMatchObject({ _id: 'c1', postCount: 2 });
    expect(channel?.recentPosts.map((p) => p.id)).toEqual(['2', '1']);
  });

  it('is idempotent: re-ingesting updates changed posts and never duplicates', async () => {
    const again = await ingestPosts(store, 'c1', [post(1), post(2, { views: 999 }), post(3)], { skipInvalid: false, now, signal: live });
    expect(again).toMatchObject({ inserted: 1, updated: 1, unchanged: 1 });
    expect(await store.posts.countDocuments({ channelId: 'c1' })).toBe(3);
    const channel = await stored('c1');
    expect(channel.postCount).toBe(3);
    const [latest] = await store.findPosts(channel, 1, null);
    expect(latest).toMatchObject({ id: '3' });
    expect((await store.findPosts(channel, 5, null)).find((p) => p.id === '2')?.views).toBe(999);
  });

  it('rejects a negative view count with BAD_USER_INPUT naming the field and writes nothing', async () => {
    const attempt = ingestPosts(store, 'c-bad', [post(1), post(2, { views: -5 })], { skipInvalid: false, now, signal: live });
    await expect(attempt).rejects.toBeInstanceOf(InvalidInputError);
    await expect(attempt).rejects.toMatchObject({ details: { field: 'posts[1].views', value: -5 } });
    expect(await store.posts.countDocuments({ channelId: 'c-bad' })).toBe(0);
    expect((await store.findChannels(['c-bad'])).size).toBe(0);
  });

  it('with skipInvalid stores the valid posts and reports each rejection', async () => {
    const result = await ingestPosts(store, 'c2', [post(1), post(2, { textLength: 9 }), post(1)], { skipInvalid: true, now, signal: live });
    expect(result).toMatchObject({ inserted: 1, rejected: 2 });
    expect(result.rejections).toEqual([
      expect.objectContaining({ index: 1, field: 'posts[1].textLength', value: 9 }),
      expect.objectContaining({ index: 2, field: 'posts[2].id' }),
    ]);
  });

  it(`keeps only the latest ${RECENT_POSTS_WINDOW} posts on the channel, newest first`, async () => {
    const many = Array.from({ length: RECENT_POSTS_WINDOW + 8 }, (_, i) => post(i + 1));
    await ingestPosts(store, 'c3', many, { skipInvalid: false, now, signal: live });
    const channel = (await store.findChannels(['c3'])).get('c3')!;
    expect(channel.postCount).toBe(RECENT_POSTS_WINDOW + 8);
    expect(channel.recentPosts).toHaveLength(RECENT_POSTS_WINDOW);
    expect(channel.recentPosts[0]?.id).toBe(String(RECENT_POSTS_WINDOW + 8));
  });

  it('stores one subscriber count per day and updates it on re-ingest', async () => {
    const day = (d: number) => new Date(Date.UTC(2024, 0, d, 15));
    const first = await ingestSubscriberCounts(store, 'c1', [{ date: day(1), count: 10 }, { date: day(2), count: 12 }], { skipInvalid: false, now, signal: live });
    expect(first).toMatchObject({ inserted: 2 });
    const second = await ingestSubscriberCounts(store, 'c1', [{ date: day(2), count: 13 }], { skipInvalid: false, now, signal: live });
    expect(second).toMatchObject({ inserted: 0, updated: 1 });
    expect(await store.findSubscriberCounts(await stored('c1'), null, null)).toEqual([
      { date: new Date(Date.UTC(2024, 0, 1)), count: 10 },
      { date: new Date(Date.UTC(2024, 0, 2)), count: 13 },
    ]);
  });

  it('writes nothing for a request whose client has gone: CANCELLED, no channel, no posts, no counts', async () => {
    const gone = new AbortController();
    gone.abort(new CancelledError());
    const options = { skipInvalid: false, now, signal: gone.signal };
    await expect(ingestPosts(store, 'c-gone', [post(1)], options)).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(ingestSubscriberCounts(store, 'c-gone', [{ date: new Date(Date.UTC(2024, 0, 1)), count: 1 }], options)).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(store.upsertChannel('c-gone', 'title', now, gone.signal)).rejects.toMatchObject({ code: 'CANCELLED' });
    expect((await store.findChannels(['c-gone'])).size).toBe(0);
    expect(await store.posts.countDocuments({ channelId: 'c-gone' })).toBe(0);
    expect(await store.subscriberCounts.countDocuments({ channelId: 'c-gone' })).toBe(0);
  });
});
