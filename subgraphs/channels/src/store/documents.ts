import type { Post, SubscriberCount } from '../domain/channel.js';

/**
 * An ingest that may have written items and has not committed them to the channel's read model
 * yet. Its items carry `run` (`ingestRun`); until it commits, readers skip them.
 */
export interface OpenIngest {
  /** Which items: the same for a retry of the same call (see ingestKey). */
  key: string;
  /** Stamped on every item the ingest inserts; a retry of the same call joins it. */
  run: string;
  since: Date;
}

/** A channel as readers get it: one that has been created (by upsertChannel or an ingest's commit). */
export interface ChannelDoc {
  _id: string;
  title: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** Committed posts. */
  postCount: number;
  lastPostAt: Date | null;
  /** The newest RECENT_POSTS_WINDOW committed posts, newest first: a read model of `posts`. */
  recentPosts: Post[];
  /** The committed count of the latest day; undefined on documents from before it was kept here (read from `subscriber_counts`). */
  latestSubscriberCount?: SubscriberCount | null;
  /** Bumped by every write of the document: writes are conditional on it. */
  revision: number;
  openIngests: OpenIngest[];
}

/**
 * `channels`, as stored: one document per channel, with its read model and its open ingests.
 * `createdAt` is null while an ingest that creates the channel has not committed (readers skip
 * the document). Documents written by earlier versions may lack the fields marked optional.
 */
export type StoredChannelDoc = Omit<ChannelDoc, 'createdAt' | 'postCount' | 'lastPostAt' | 'recentPosts' | 'revision' | 'openIngests'> & {
  createdAt: Date | null;
  postCount?: number;
  lastPostAt?: Date | null;
  recentPosts?: Post[];
  revision?: number;
  openIngests?: OpenIngest[];
};

/**
 * `channel_versions`: a visible channel's `revision`, alone in a small document, so that reading
 * it does not decode the channel document (FerretDB decodes a whole document, its 32 recent posts
 * with it, before projecting). Written after each write of the channel document, never moved
 * back (see ChannelStore.stampVersion for why it may lag and never lead).
 */
export interface ChannelVersionDoc {
  _id: string;
  revision: number;
}

/** `posts` collection: `_id` is `<channelId>/<post id>` (channel ids never hold a slash). */
export interface PostDoc extends Post {
  _id: string;
  channelId: string;
  ingestedAt: Date;
  /** The run of the ingest that inserted it (absent on posts from before runs). */
  ingestRun?: string;
}

/** `subscriber_counts` collection: `_id` is `<channelId>/<YYYY-MM-DD>`, so a channel's days are an `_id` range in date order. */
export interface SubscriberCountDoc {
  _id: string;
  channelId: string;
  date: Date;
  count: number;
  /** As PostDoc's. */
  ingestRun?: string;
}

export const postKey = (channelId: string, postId: string) => `${channelId}/${postId}`;
export const dayKey = (channelId: string, day: Date) => `${channelId}/${day.toISOString().slice(0, 10)}`;
/** Every `_id` of a channel's days sorts between these two ('0' follows '/'). */
export const dayKeyBounds = (channelId: string) => ({ above: `${channelId}/`, below: `${channelId}0` });
