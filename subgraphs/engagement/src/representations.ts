import type { HistoryPostFragment } from './__generated__/supergraph-operations.js';

/**
 * What the gateway sends for a Channel: its key, plus the fields @requires asked for (the
 * HistoryPost fragment's; with each post's id for Channel.engagementBacktest).
 */
export interface ChannelRepresentation {
  id: string;
  recentPosts?: (HistoryPostFragment & { id?: string })[];
}
