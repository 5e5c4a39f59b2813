import { UnavailableError } from '@telepulse/platform';
import type { HistoryPost } from '@telepulse/models/engagement/features';
import type { PostRepresentation } from '../representations.js';

/** Where the engagement subgraph reads channels' recent posts; it never reads the channels subgraph's collections. */
export interface ChannelDirectory {
  /** Recent posts per channel id, in order; null for a channel that does not exist. */
  recentPosts(ids: readonly string[]): Promise<(HistoryPost[] | null)[]>;
}

const QUERY = /* GraphQL */ `
  query EngagementHistory($ids: [ID!]!) {
    channels(ids: $ids) {
      id
      recentPosts { postedAt views forwards replies reactions textLength hasMedia }
    }
  }
`;

interface Response {
  data?: { channels: ({ id: string; recentPosts: PostRepresentation[] } | null)[] | null } | null;
  errors?: { message: string; extensions?: { code?: string; serviceName?: string } }[];
}

/**
 * Reads channel histories through the gateway (one query for N channels), so the data crosses
 * the supergraph as any client's would. A gateway or channels subgraph that cannot answer
 * becomes SERVICE_UNAVAILABLE, never a hang.
 */
export class GatewayChannelDirectory implements ChannelDirectory {
  constructor(
    private readonly gatewayUrl: string,
    private readonly timeoutMs: number,
  ) {}

  async recentPosts(ids: readonly string[]): Promise<(HistoryPost[] | null)[]> {
    let body: Response;
    try {
      const response = await fetch(this.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true' },
        body: JSON.stringify({ query: QUERY, variables: { ids } }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      body = (await response.json()) as Response;
    } catch (cause) {
      throw new UnavailableError('gateway', `channel history could not be read from ${this.gatewayUrl}`, { cause });
    }
    const channels = body.data?.channels;
    if (!channels) {
      const error = body.errors?.[0];
      if (error?.extensions?.code === 'SERVICE_UNAVAILABLE') throw new UnavailableError(error.extensions.serviceName ?? 'channels', error.message);
      throw new Error(`channel history query failed: ${error?.message ?? 'no data'}`);
    }
    return channels.map((channel) => channel && channel.recentPosts.map(toHistoryPost));
  }
}

/** Representations and gateway answers carry dates as ISO strings. */
export function toHistoryPost(post: PostRepresentation): HistoryPost {
  return { ...post, postedAt: new Date(post.postedAt) };
}
