import type { Collection, Db } from 'mongodb';
import { byIds, lazyIndexes, writeById, type KeyedWriteCounts } from '@telepulse/platform/mongo';
import { assertLive } from '@telepulse/platform/request-deadline';
import { RECENT_POSTS_WINDOW, type Post, type SubscriberCount } from '../domain/channel.js';
import { dayKey, postKey, type ChannelDoc, type PostDoc, type SubscriberCountDoc } from './documents.js';

/** The fields a re-ingest may change (ingestedAt keeps the first ingest's time). */
const POST_WRITE_FIELDS = ['postedAt', 'views', 'forwards', 'replies', 'reactions', 'text', 'textLength', 'hasMedia'] as const;

const POST_FIELDS = { _id: 0, id: 1, postedAt: 1, views: 1, forwards: 1, replies: 1, reactions: 1, text: 1, textLength: 1, hasMedia: 1 } as const;

/**
 * The channels subgraph's MongoDB collections: plain CRUD and indexes, which MongoDB >= 6 and
 * FerretDB 1.24 both support; no aggregation, no transactions, no change streams. Every write
 * takes the request's signal and is not sent once it has aborted (assertLive).
 */
export class ChannelStore {
  readonly channels: Collection<ChannelDoc>;
  readonly posts: Collection<PostDoc>;
  readonly subscriberCounts: Collection<SubscriberCountDoc>;
  /** Creates the unique indexes idempotency rests on, before the first write; retried on the next write if MongoDB was down. */
  readonly ensureIndexes: () => Promise<void>;

  constructor(readonly db: Db) {
    this.channels = db.collection('channels');
    this.posts = db.collection('posts');
    this.subscriberCounts = db.collection('subscriber_counts');
    this.ensureIndexes = lazyIndexes(() =>
      Promise.all([
        this.posts.createIndex({ channelId: 1, id: 1 }, { unique: true, name: 'channel_post_unique' }),
        this.posts.createIndex({ channelId: 1, postedAt: -1 }, { name: 'channel_recent' }),
        this.subscriberCounts.createIndex({ channelId: 1, date: 1 }, { unique: true, name: 'channel_day_unique' }),
        this.channels.createIndex({ lastPostAt: -1 }, { name: 'recent_activity' }),
      ]),
    );
  }

  /** Channels by id, in one query; the map has no entry for ids that do not exist. */
  async findChannels(ids: readonly string[]): Promise<Map<string, ChannelDoc>> {
    const docs = await this.channels.find(byIds(ids)).toArray();
    return new Map(docs.map((doc) => [doc._id, doc]));
  }

  listChannels(limit: number): Promise<ChannelDoc[]> {
    return this.channels.find({}).sort({ lastPostAt: -1, _id: 1 }).limit(limit).toArray();
  }

  /** Creates the channel if it is new; sets the title when one is given. */
  async upsertChannel(id: string, title: string | null, now: Date, signal: AbortSignal): Promise<ChannelDoc> {
    await this.ensureIndexes();
    assertLive(signal);
    const doc = await this.channels.findOneAndUpdate(
      { _id: id },
      {
        $set: { updatedAt: now, ...(title !== null ? { title } : {}) },
        $setOnInsert: {
          createdAt: now,
          postCount: 0,
          lastPostAt: null,
          recentPosts: [],
          ...(title === null ? { title: null } : {}),
        },
      },
      { upsert: true, returnDocument: 'after' },
    );
    if (!doc) throw new Error(`upsert of channel ${id} returned no document`);
    return doc;
  }

  /** Upserts posts by (channelId, id); then refreshes the channel's derived fields. */
  async writePosts(channelId: string, posts: readonly Post[], now: Date, signal: AbortSignal): Promise<KeyedWriteCounts> {
    await this.ensureIndexes();
    const counts = await writeById(
      this.posts,
      posts.map((post) => ({ _id: postKey(channelId, post.id), channelId, ...post, ingestedAt: now })),
      POST_WRITE_FIELDS,
      { signal },
    );
    await this.refreshChannel(channelId, now, signal);
    return counts;
  }

  /** Upserts daily counts by (channelId, day). */
  async writeSubscriberCounts(channelId: string, points: readonly SubscriberCount[], signal: AbortSignal): Promise<KeyedWriteCounts> {
    await this.ensureIndexes();
    return writeById(
      this.subscriberCounts,
      points.map((point) => ({ _id: dayKey(channelId, point.date), channelId, date: point.date, count: point.count })),
      ['count'],
      { signal },
    );
  }

  /** Recomputes the read model on the channel document from the posts collection. */
  private async refreshChannel(channelId: string, now: Date, signal: AbortSignal): Promise<void> {
    const [recentPosts, postCount] = await Promise.all([
      this.posts.find({ channelId }, { projection: POST_FIELDS }).sort({ postedAt: -1, id: -1 }).limit(RECENT_POSTS_WINDOW).toArray(),
      this.posts.countDocuments({ channelId }),
    ]);
    assertLive(signal);
    await this.channels.updateOne(
      { _id: channelId },
      { $set: { recentPosts: recentPosts as Post[], postCount, lastPostAt: recentPosts[0]?.postedAt ?? null, updatedAt: now } },
    );
  }

  /** A channel's posts, newest first, strictly before `before` when given. */
  findPosts(channelId: string, limit: number, before: Date | null): Promise<Post[]> {
    const filter = before ? { channelId, postedAt: { $lt: before } } : { channelId };
    return this.posts.find(filter, { projection: POST_FIELDS }).sort({ postedAt: -1, id: -1 }).limit(limit).toArray() as Promise<Post[]>;
  }

  /** Daily counts, oldest first, within [from, to] when given. */
  findSubscriberCounts(channelId: string, from: Date | null, to: Date | null): Promise<SubscriberCount[]> {
    const date = { ...(from ? { $gte: from } : {}), ...(to ? { $lte: to } : {}) };
    const filter = from || to ? { channelId, date } : { channelId };
    return this.subscriberCounts
      .find(filter, { projection: { _id: 0, date: 1, count: 1 } })
      .sort({ date: 1 })
      .toArray() as Promise<SubscriberCount[]>;
  }

  async latestSubscriberCount(channelId: string): Promise<SubscriberCount | null> {
    const [latest] = await this.subscriberCounts
      .find({ channelId }, { projection: { _id: 0, date: 1, count: 1 } })
      .sort({ date: -1 })
      .limit(1)
      .toArray();
    return (latest as SubscriberCount | undefined) ?? null;
  }
}
