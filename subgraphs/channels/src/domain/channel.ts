import type { PostRecord } from '@telepulse/dataset';

/** A channel's post as the domain sees it: the interchange format's fields, with a real date. */
export type Post = Omit<PostRecord, 'postedAt'> & { postedAt: Date };

/** A post as the API gives it: with its channel's id, the other half of its key (`channelId id`). */
export type ChannelPost = Post & { channelId: string };

/** The key other subgraphs reach a post by. */
export interface PostKey {
  channelId: string;
  id: string;
}

/** A channel's posts with its id. */
export function inChannel(channelId: string, posts: readonly Post[]): ChannelPost[] {
  return posts.map((post) => ({ ...post, channelId }));
}

export interface SubscriberCount {
  /** UTC midnight of the day. */
  date: Date;
  count: number;
}

/** How many of a channel's latest posts travel with the channel (the window predictions read). */
export const RECENT_POSTS_WINDOW = 32;

/** The platform's one definition of a post's engagement rate (the engagement model's target). */
export { engagementRate } from '@telepulse/dataset';
