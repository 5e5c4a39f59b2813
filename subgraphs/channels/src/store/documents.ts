import type { Post } from '../domain/channel.js';

/** `channels` collection: one document per channel, carrying its latest posts for cheap batched reads. */
export interface ChannelDoc {
  _id: string;
  title: string | null;
  createdAt: Date;
  updatedAt: Date;
  postCount: number;
  lastPostAt: Date | null;
  /** The last RECENT_POSTS_WINDOW posts, newest first: a read model derived from `posts`. */
  recentPosts: Post[];
}

/** `posts` collection: `_id` is `<channelId>/<post id>` (channel ids never hold a slash); also unique on (channelId, id). */
export interface PostDoc extends Post {
  _id: string;
  channelId: string;
  ingestedAt: Date;
}

/** `subscriber_counts` collection: `_id` is `<channelId>/<YYYY-MM-DD>`; also unique on (channelId, date). */
export interface SubscriberCountDoc {
  _id: string;
  channelId: string;
  date: Date;
  count: number;
}

export const postKey = (channelId: string, postId: string) => `${channelId}/${postId}`;
export const dayKey = (channelId: string, day: Date) => `${channelId}/${day.toISOString().slice(0, 10)}`;
