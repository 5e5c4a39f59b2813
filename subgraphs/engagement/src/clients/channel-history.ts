import { answered, type ReadScope, type SupergraphClient } from '@telepulse/platform/supergraph-client';
import type { HistoryPost } from '@telepulse/models/engagement/features';
import { ChannelHistoryDocument, type HistoryPostFragment } from '../__generated__/supergraph-operations.js';

/** Where the engagement subgraph reads channels' recent posts; it never reads the channels subgraph's collections. */
export interface ChannelHistoryReader {
  /** Recent posts per channel id, in order; null for a channel that does not exist. */
  recentPosts(ids: readonly string[], scope: ReadScope): Promise<(HistoryPost[] | null)[]>;
}

/** Reads channel histories through the gateway, one typed query for N channels, as any client would. */
export function supergraphChannelHistory(client: SupergraphClient): ChannelHistoryReader {
  return {
    async recentPosts(ids, scope) {
      const { channels } = await client.request(ChannelHistoryDocument, { ids: [...ids] }, scope);
      return answered(channels, 'channels').map((channel) => channel && channel.recentPosts.map(toHistoryPost));
    },
  };
}

/** Posts as they crossed the wire (a gateway answer or a federation representation) carry dates as ISO strings. */
export function toHistoryPost(post: HistoryPostFragment): HistoryPost {
  return { ...post, postedAt: new Date(post.postedAt) };
}
