/** A channel's post as the domain sees it: the interchange format's fields, with real dates. */
export interface Post {
  id: string;
  postedAt: Date;
  views: number;
  /** Null when the source does not report forwards: unknown, not zero. */
  forwards: number | null;
  replies: number;
  reactions: number;
  /** Null when only the length is known. */
  text: string | null;
  textLength: number;
  hasMedia: boolean;
}

export interface SubscriberCount {
  /** UTC midnight of the day. */
  date: Date;
  count: number;
}

/** How many of a channel's latest posts travel with the channel (the window predictions read). */
export const RECENT_POSTS_WINDOW = 32;

/** (forwards + replies + reactions) / views; unknown forwards count as 0; 0 when there are no views. */
export function engagementRate(post: Pick<Post, 'views' | 'forwards' | 'replies' | 'reactions'>): number {
  if (post.views <= 0) return 0;
  return ((post.forwards ?? 0) + post.replies + post.reactions) / post.views;
}
