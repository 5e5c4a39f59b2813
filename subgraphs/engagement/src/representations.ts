import type { HistoryPost } from '@telepulse/models/engagement/features';

/** What the gateway sends for a Channel: its key, plus the fields @requires asked for. */
export interface ChannelRepresentation {
  id: string;
  recentPosts?: PostRepresentation[];
}

/** A post inside a representation: JSON as it crossed the wire, so its date is an ISO string. */
export type PostRepresentation = Omit<HistoryPost, 'postedAt'> & { postedAt: string };
