/** What the gateway sends for a Channel: its key and the @requires fields (`recentPosts { id text }`), untyped JSON until checked. */
export interface ChannelRepresentation {
  id: string;
  recentPosts?: unknown;
}

/** What the gateway sends for a Post: its key (`channelId id`) and its `text` (@requires), untyped until checked. */
export interface PostRepresentation {
  channelId: string;
  id: string;
  text?: unknown;
}
