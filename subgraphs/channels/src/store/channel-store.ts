import { randomUUID } from 'node:crypto';
import type { Collection, Db, Filter } from 'mongodb';
import { UnavailableError } from '@telepulse/platform';
import { withDocumentLock, type LockDoc } from '@telepulse/platform/document-lock';
import { dropIndexesIfPresent, findByIdList, isDuplicateKey, lazyIndexes, storable, writeById, type KeyedWriteCounts } from '@telepulse/platform/mongo';
import { assertLive } from '@telepulse/platform/request-deadline';
import { RECENT_POSTS_WINDOW, type ChannelPost, type Post, type PostKey, type SubscriberCount } from '../domain/channel.js';
import { dayKey, dayKeyBounds, postKey, type ChannelDoc, type ChannelVersionDoc, type PostDoc, type StoredChannelDoc, type SubscriberCountDoc } from './documents.js';
import { ingestKey, withOpenIngest } from './open-ingests.js';
import { latestCount, mergeRecentPosts, postsFromWindow, toChannelDoc } from './read-model.js';

/** The fields a re-ingest may change (ingestedAt and ingestRun keep the first ingest's). */
const POST_WRITE_FIELDS = ['postedAt', 'views', 'forwards', 'replies', 'reactions', 'text', 'textLength', 'hasMedia'] as const;

const POST_FIELDS = { _id: 0, id: 1, postedAt: 1, views: 1, forwards: 1, replies: 1, reactions: 1, text: 1, textLength: 1, hasMedia: 1 } as const;

/** Writes of one channel document that may lose to concurrent writers before the call gives up. */
const CHANNEL_WRITE_ATTEMPTS = 20;

/** Indexes of earlier versions that no query uses any more; each still cost every insert. */
const UNUSED_INDEXES = { posts: ['channel_post_unique', 'channel_recent'], subscriber_counts: ['channel_day_unique'], channels: ['recent_activity'] };

/** One channel's days asked for: within [from, to] when given. */
export interface CountsRequest {
  channel: ChannelDoc;
  from: Date | null;
  to: Date | null;
}

/** A channel document's next version, before the store sets its `_id` and `revision`. */
type NextChannel = Omit<StoredChannelDoc, '_id' | 'revision'>;

/** What an ingest's commit adds to the channel's read model, from the items it makes visible. */
type ApplyCommit<I> = (stored: StoredChannelDoc, commit: { committed: I[]; counted: number; openRuns: string[] }) => Promise<Partial<NextChannel>>;

/**
 * The channels subgraph's MongoDB collections: plain CRUD and indexes, which MongoDB >= 6 and
 * FerretDB 1.24 both support; no aggregation, no transactions, no change streams. Every write
 * takes the request's signal and is not sent once it has aborted (assertLive).
 *
 * The channel document is the commit point. Only a single-document write is atomic, so every
 * write of it replaces it whole, conditional on its `revision`, checked and written under a
 * per-channel lock (changeChannel). An ingest (posts or subscriber counts) runs in three steps:
 *
 * 1. **Open**: the channel document records the ingest (`openIngests`: its key, a digest of the
 *    channel and the item keys, and a fresh `run` id). A new channel's document is created here
 *    with `createdAt: null`: readers skip it. A retry of the same call (same key) finds the entry
 *    and joins its run instead.
 * 2. **Items**: one unordered insert, each item stamped `ingestRun: run` (idempotent by `_id`);
 *    items already stored are read back and their changed fields set.
 * 3. **Commit**: one write of the channel document: it drops the ingest's entry, adds the items
 *    its run inserted to `postCount` (counted from the batch and the stored document, never by
 *    reading the channel's posts), merges the batch into `recentPosts` / `lastPostAt` /
 *    `latestSubscriberCount`, and sets `createdAt` if the channel was not visible yet.
 *
 * What readers see: only committed items. A channel appears at its first commit (or
 * upsertChannel), with its posts; `posts(...)` and `subscriberCounts(...)` skip items stamped with
 * a run that is still open, so count, window and lists change together, at the commit. One
 * exception: a new value of an item already committed (a re-ingest with fresh view counts) shows
 * in `posts(...)` and `subscriberCounts(...)` read from the collection once step 2 wrote it, and
 * in the read model (`recentPosts`, `latestSubscriberCount`) at the commit.
 *
 * Interrupted anywhere, the call failed and readers see the state before it. Retrying it heals:
 * it joins the open run, so the items the failed attempt inserted are counted once, as inserted
 * by the retry. If the failed attempt's commit reached the server after the client gave up, it
 * is applied and the retry finds those items stored and committed (unchanged). An ingest whose
 * entry is gone at its commit (a concurrent attempt of the same call committed it) counts
 * nothing again. Items a failed ingest left that no retry claims stay invisible.
 *
 * Each write of a visible channel's document is followed by a write of its revision to
 * `channel_versions` (stampVersion), which `historyVersion` alone is read from (findVersions).
 */
export class ChannelStore {
  readonly channels: Collection<StoredChannelDoc>;
  readonly posts: Collection<PostDoc>;
  readonly subscriberCounts: Collection<SubscriberCountDoc>;
  /** One document per channel whose document is being written (see changeChannel). */
  readonly locks: Collection<LockDoc>;
  /** Each visible channel's revision, in a document of its own (see stampVersion). */
  readonly versions: Collection<ChannelVersionDoc>;
  /** Creates the indexes reads use and drops those of earlier versions, before the first write; retried on the next write if MongoDB was down. */
  readonly ensureIndexes: () => Promise<void>;

  constructor(readonly db: Db) {
    this.channels = db.collection('channels');
    this.posts = db.collection('posts');
    this.subscriberCounts = db.collection('subscriber_counts');
    this.locks = db.collection('channel_locks');
    this.versions = db.collection('channel_versions');
    this.ensureIndexes = lazyIndexes(async () => {
      await Promise.all([
        this.posts.createIndex({ channelId: 1, postedAt: -1, id: -1 }, { name: 'channel_newest' }),
        this.channels.createIndex({ lastPostAt: -1, _id: 1 }, { name: 'latest_activity' }),
      ]);
      await Promise.all(Object.entries(UNUSED_INDEXES).map(([collection, names]) => dropIndexesIfPresent(db.collection(collection), names)));
    });
  }

  /** Channels by id (point reads for a few, see findByIdList); the map has no entry for ids that do not exist (or are not committed yet). */
  async findChannels(ids: readonly string[]): Promise<Map<string, ChannelDoc>> {
    const docs = await findByIdList(this.channels, ids);
    return new Map(docs.map(toChannelDoc).flatMap((doc) => (doc ? [[doc._id, doc] as const] : [])));
  }

  /**
   * Channels' revisions by id, from `channel_versions` (point reads of small documents, not of the
   * channel documents); no entry for ids that do not exist or are not committed yet. A channel
   * without a version document (written before they were kept, or whose first commit's stamp was
   * interrupted) is answered from its channel document, whose revision is then stamped.
   */
  async findVersions(ids: readonly string[]): Promise<Map<string, number>> {
    const stamped = await findByIdList(this.versions, ids);
    const found = new Map(stamped.map((doc) => [doc._id, doc.revision] as const));
    const unstamped = [...new Set(ids)].filter((id) => !found.has(id));
    if (unstamped.length === 0) return found;
    const channels = await this.findChannels(unstamped);
    await Promise.all([...channels.values()].map((channel) => this.stampVersion(channel)));
    for (const [id, channel] of channels) found.set(id, channel.revision);
    return found;
  }

  /** Channels by their latest post, newest first (those without posts last), at most `limit`. */
  async listChannels(limit: number): Promise<ChannelDoc[]> {
    const docs = await this.channels.find({ createdAt: { $ne: null } }).sort({ lastPostAt: -1, _id: 1 }).limit(storable(limit, 'limit')).toArray();
    return docs.map(toChannelDoc).filter((doc): doc is ChannelDoc => doc !== null);
  }

  /** Creates the channel or sets its title, in one write of its document; a channel an ingest is still creating becomes visible with what has been committed. */
  async upsertChannel(id: string, title: string, now: Date, signal: AbortSignal): Promise<ChannelDoc> {
    await this.ensureIndexes();
    const written = await this.changeChannel(id, (stored) => ({ ...(stored ?? emptyChannel(now, now)), title, createdAt: stored?.createdAt ?? now, updatedAt: now }), signal);
    return toChannelDoc(written)!;
  }

  /** Stores posts by (channelId, id) and commits them to the channel, creating it when new (see the class comment). */
  writePosts(channelId: string, posts: readonly Post[], now: Date, signal: AbortSignal): Promise<KeyedWriteCounts> {
    const toDoc = (post: Post): PostDoc => ({ _id: postKey(channelId, post.id), channelId, ...post, ingestedAt: now });
    return this.ingest(channelId, 'posts', this.posts, posts, toDoc, POST_WRITE_FIELDS, now, signal, async (stored, { committed, counted, openRuns }) => {
      const merged = mergeRecentPosts(stored.recentPosts ?? [], committed);
      const recentPosts = merged.complete ? merged.posts : await this.committedPosts(channelId, RECENT_POSTS_WINDOW, null, openRuns);
      return { postCount: (stored.postCount ?? 0) + counted, recentPosts, lastPostAt: recentPosts[0]?.postedAt ?? null };
    });
  }

  /** Stores daily counts by (channelId, day) and commits them to the channel, creating it when new. */
  writeSubscriberCounts(channelId: string, points: readonly SubscriberCount[], now: Date, signal: AbortSignal): Promise<KeyedWriteCounts> {
    const toDoc = (point: SubscriberCount): SubscriberCountDoc => ({ _id: dayKey(channelId, point.date), channelId, date: point.date, count: point.count });
    return this.ingest(channelId, 'subscriberCounts', this.subscriberCounts, points, toDoc, ['count'], now, signal, async (stored, { committed, openRuns }) => {
      // Documents from before the read model: start it from the stored counts, once.
      const current = stored.latestSubscriberCount !== undefined ? stored.latestSubscriberCount : await this.latestStoredCount(channelId, openRuns);
      return { latestSubscriberCount: latestCount(current, committed) };
    });
  }

  /** A channel's committed posts, newest first, strictly before `before` when given; from its window when the window holds the answer. */
  async findPosts(channel: ChannelDoc, limit: number, before: Date | null): Promise<Post[]> {
    return postsFromWindow(channel, limit, before) ?? this.committedPosts(channel._id, limit, before, openRuns(channel));
  }

  /**
   * Committed posts by key (a federation reference), by their `_id`s: one read of their channels
   * and one of the posts. A post of an ingest still open, or of a channel not yet committed, is
   * not there; keys without a post have no entry (keyed `<channelId>/<id>`).
   */
  async findPostsByKey(keys: readonly PostKey[]): Promise<Map<string, ChannelPost>> {
    const channels = await this.findChannels([...new Set(keys.map((k) => k.channelId))]);
    const ids = keys.filter((k) => channels.has(k.channelId)).map((k) => postKey(k.channelId, k.id));
    if (ids.length === 0) return new Map();
    const docs = await findByIdList(this.posts, ids, { projection: { ...POST_FIELDS, _id: 1, channelId: 1, ingestRun: 1 } });
    const found = new Map<string, ChannelPost>();
    for (const { _id, ingestRun, ...post } of docs) {
      if (ingestRun !== undefined && openRuns(channels.get(post.channelId)!).includes(ingestRun)) continue;
      found.set(_id, post);
    }
    return found;
  }

  /** Daily counts, oldest first, within [from, to] when given: an `_id` range. */
  async findSubscriberCounts(channel: ChannelDoc, from: Date | null, to: Date | null): Promise<SubscriberCount[]> {
    const [counts] = await this.findSubscriberCountsOf([{ channel, from, to }]);
    return counts!;
  }

  /**
   * Several channels' daily counts in one query (one `_id` range each, joined by `$or`): for
   * each request, in order, its channel's committed days within [from, to] when given, oldest first.
   */
  async findSubscriberCountsOf(requests: readonly CountsRequest[]): Promise<SubscriberCount[][]> {
    if (requests.length === 0) return [];
    const ranges = requests.map(({ channel, from, to }) => this.countsFilter(channel._id, { from, to, openRuns: openRuns(channel) }));
    const docs = (await this.subscriberCounts
      .find(ranges.length === 1 ? ranges[0]! : { $or: ranges }, { projection: { _id: 1, channelId: 1, date: 1, count: 1 } })
      .sort({ _id: 1 })
      .toArray()) as Pick<SubscriberCountDoc, '_id' | 'channelId' | 'date' | 'count'>[];
    const byChannel = new Map<string, typeof docs>();
    for (const doc of docs) byChannel.set(doc.channelId, [...(byChannel.get(doc.channelId) ?? []), doc]);
    // Each request takes back its own range: the channel's keys share its prefix, so they compare by their day alone.
    return requests.map(({ channel, from, to }) =>
      (byChannel.get(channel._id) ?? [])
        .filter((doc) => (!from || doc._id >= dayKey(channel._id, from)) && (!to || doc._id <= dayKey(channel._id, to)))
        .map(({ date, count }) => ({ date, count })),
    );
  }

  /** The latest day's count: from the channel document, or for a document from before it was kept there, from `subscriber_counts`. */
  async latestSubscriberCount(channel: ChannelDoc): Promise<SubscriberCount | null> {
    return channel.latestSubscriberCount !== undefined ? channel.latestSubscriberCount : this.latestStoredCount(channel._id, openRuns(channel));
  }

  /** Open, write the items, commit: see the class comment. */
  private async ingest<I, D extends { _id: string; ingestRun?: string }>(
    channelId: string,
    kind: 'posts' | 'subscriberCounts',
    collection: Collection<D>,
    items: readonly I[],
    toDoc: (item: I) => D,
    fields: readonly (keyof D & string)[],
    now: Date,
    signal: AbortSignal,
    apply: ApplyCommit<I>,
  ): Promise<KeyedWriteCounts> {
    await this.ensureIndexes();
    const docs = items.map(toDoc);
    const key = ingestKey(kind, channelId, docs.map((d) => d._id));
    const run = await this.openIngest(channelId, key, now, signal);
    const written = await writeById(collection, docs.map((d) => ({ ...d, ingestRun: run })), fields, { signal, claim: (stored) => stored.ingestRun === run });

    await this.changeChannel(channelId, async (stored) => {
      if (!stored) throw new Error(`channel ${channelId} disappeared while an ingest into it was open`);
      const open = stored.openIngests ?? [];
      const own = open.find((o) => o.key === key && o.run === run);
      const others = open.filter((o) => o !== own).map((o) => o.run);
      // An item another open ingest inserted is that ingest's to commit; the rest become (or stay) visible now.
      const committed = items.filter((_, i) => {
        const stamp = written.found.get(docs[i]!._id)?.ingestRun;
        return stamp === undefined || stamp === run || !others.includes(stamp);
      });
      const changes = await apply(stored, { committed, counted: own ? written.inserted : 0, openRuns: others });
      return { ...stored, ...changes, openIngests: open.filter((o) => o !== own), createdAt: stored.createdAt ?? now, updatedAt: now };
    }, signal);
    return { inserted: written.inserted, updated: written.updated, unchanged: written.unchanged };
  }

  /** Records the ingest on the channel (creating an invisible document for a new channel); returns its run, or the run of an open attempt of the same call. */
  private async openIngest(channelId: string, key: string, now: Date, signal: AbortSignal): Promise<string> {
    let run = '';
    await this.changeChannel(channelId, (stored) => {
      const joined = stored?.openIngests?.find((o) => o.key === key);
      run = joined?.run ?? randomUUID();
      if (joined) return null;
      return { ...(stored ?? emptyChannel(null, now)), openIngests: withOpenIngest(stored?.openIngests ?? [], { key, run, since: now }) };
    }, signal);
    return run;
  }

  /**
   * Rewrites one channel document whole: reads it, lets `change` compute the next version (null:
   * nothing to write), and writes it unless its revision moved in the meantime, else starts over.
   * The check and the write happen under the channel's lock, since FerretDB has no atomic
   * conditional update; `change` runs outside it, so a slow one holds nobody up. Returns the
   * document as written, or as read when there was nothing to write.
   */
  private async changeChannel(
    id: string,
    change: (stored: StoredChannelDoc | null) => NextChannel | null | Promise<NextChannel | null>,
    signal: AbortSignal,
  ): Promise<StoredChannelDoc | null> {
    for (let attempt = 0; attempt < CHANNEL_WRITE_ATTEMPTS; attempt++) {
      const stored = await this.channels.findOne({ _id: id });
      const next = await change(stored);
      if (!next) return stored;
      const doc: StoredChannelDoc = storable({ ...next, _id: id, revision: (stored?.revision ?? 0) + 1 }, 'channel');
      assertLive(signal);
      if (await this.replaceChannel(stored, doc)) {
        await this.stampVersion(doc);
        return doc;
      }
    }
    throw new UnavailableError('channels', `channel ${id} was changed by others ${CHANNEL_WRITE_ATTEMPTS} times while this call tried to write it; try again`);
  }

  /** Inserts `doc`, or replaces `stored` with it if nobody wrote it since it was read; false when someone did. */
  private async replaceChannel(stored: StoredChannelDoc | null, doc: StoredChannelDoc): Promise<boolean> {
    if (!stored) {
      try {
        await this.channels.insertOne(doc);
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    }
    return withDocumentLock(this.locks, stored._id, async () => {
      // `revision: null` also matches a document written before revisions.
      const { matchedCount } = await this.channels.replaceOne({ _id: stored._id, revision: stored.revision ?? null } as Filter<StoredChannelDoc>, doc);
      return matchedCount === 1;
    });
  }

  /**
   * Moves the channel's stamp in `channel_versions` up to `doc.revision` (never down: `$max`),
   * once `doc` is written. No transaction spans the two documents, so the order is what keeps a
   * reader safe: the stamp is written after the channel document (whose write is the commit
   * that makes an ingest's posts visible), so the stamp may lag the posts for a moment, never
   * lead them. A reader that caches posts under the stamp read with them (the channel document's
   * own revision) and later compares it with this stamp sees at worst an older stamp than its
   * posts: it reads them again, needlessly, and never keeps old posts under a new stamp. `$max`
   * keeps concurrent writers' stamps in revision order whatever order they land in. The ingest is
   * acknowledged only after its stamp is written (not checked against the request's signal: the
   * commit is done, its stamp must follow), so a reader asking after the acknowledgement sees the
   * new stamp. If the process dies between the two writes, the call failed; the stamp lags until
   * the next write of the channel (a retry of the call is one), and a channel never stamped is
   * read from its document (findVersions). Channels not visible yet get no stamp.
   */
  private async stampVersion(doc: Pick<StoredChannelDoc, '_id' | 'createdAt' | 'revision'>): Promise<void> {
    if (!doc.createdAt) return;
    const stamp = () => this.versions.updateOne({ _id: doc._id }, { $max: { revision: doc.revision ?? 0 } }, { upsert: true });
    try {
      await stamp();
    } catch (error) {
      // Two first stamps raced to insert it: the other one's is there now, so this one updates.
      if (!isDuplicateKey(error)) throw error;
      await stamp();
    }
  }

  /** Newest first, skipping posts of ingests still open (and strictly before `before`). */
  private committedPosts(channelId: string, limit: number, before: Date | null, openRuns: readonly string[]): Promise<Post[]> {
    const filter: Filter<PostDoc> = {
      channelId,
      ...(before ? { postedAt: { $lt: before } } : {}),
      ...(openRuns.length > 0 ? { ingestRun: { $nin: [...openRuns] } } : {}),
    };
    return this.posts
      .find(storable(filter, 'filter'), { projection: POST_FIELDS })
      .sort({ postedAt: -1, id: -1 })
      .limit(storable(limit, 'limit'))
      .toArray() as Promise<Post[]>;
  }

  private async latestStoredCount(channelId: string, openRuns: readonly string[]): Promise<SubscriberCount | null> {
    const [latest] = await this.storedCounts(channelId, { from: null, to: null, openRuns, newestFirst: true, limit: 1 });
    return latest ?? null;
  }

  /** A channel's committed daily counts in [from, to], newest or oldest first: the `_id` range of its days. */
  private storedCounts(
    channelId: string,
    range: { from: Date | null; to: Date | null; openRuns: readonly string[]; newestFirst: boolean; limit?: number },
  ): Promise<SubscriberCount[]> {
    return this.subscriberCounts
      .find(this.countsFilter(channelId, range), { projection: { _id: 0, date: 1, count: 1 } })
      .sort({ _id: range.newestFirst ? -1 : 1 })
      .limit(range.limit ?? 0)
      .toArray() as Promise<SubscriberCount[]>;
  }

  /** The filter of a channel's committed days in [from, to]: the `_id` range of its days, without the items of ingests still open. */
  private countsFilter(channelId: string, range: { from: Date | null; to: Date | null; openRuns: readonly string[] }): Filter<SubscriberCountDoc> {
    const { from, to, openRuns } = storable(range, 'range');
    const bounds = dayKeyBounds(channelId);
    return {
      _id: { ...(from ? { $gte: dayKey(channelId, from) } : { $gt: bounds.above }), ...(to ? { $lte: dayKey(channelId, to) } : { $lt: bounds.below }) },
      ...(openRuns.length > 0 ? { ingestRun: { $nin: [...openRuns] } } : {}),
    };
  }
}

/** A channel with nothing committed; `createdAt` null keeps it from readers until its first commit. */
function emptyChannel(createdAt: Date | null, now: Date): NextChannel {
  return { title: null, createdAt, updatedAt: now, postCount: 0, lastPostAt: null, recentPosts: [], latestSubscriberCount: null, openIngests: [] };
}

const openRuns = (channel: ChannelDoc) => channel.openIngests.map((o) => o.run);
