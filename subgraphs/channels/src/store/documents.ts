import type { ObjectId } from 'mongodb';
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

/** `posts` collection: unique on (channelId, id). */
export interface PostDoc extends Post {
  _id?: ObjectId;
  channelId: string;
  ingestedAt: Date;
}

/** `subscriber_counts` collection: unique on (channelId, date). */
export interface SubscriberCountDoc {
  _id?: ObjectId;
  channelId: string;
  date: Date;
  count: number;
}
