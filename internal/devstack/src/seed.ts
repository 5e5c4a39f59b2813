import type { ChannelRecord } from '@telepulse/dataset';

export type GraphQLClient = (query: string, variables?: Record<string, unknown>) => Promise<{ data?: any; errors?: { message: string }[] }>;

/** A GraphQL client over HTTP for one endpoint, sending `token` (when given) as `Authorization: Bearer`. */
export function httpGraphQLClient(url: string, token?: string): GraphQLClient {
  const headers = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  return async (query, variables) => {
    const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    return (await response.json()) as { data?: any; errors?: { message: string }[] };
  };
}

const UPSERT = `mutation($id: ID!, $title: String!) { upsertChannel(id: $id, title: $title) { id } }`;
const POSTS = `mutation($c: ID!, $p: [PostInput!]!) { ingestPosts(channelId: $c, posts: $p) { inserted updated unchanged rejected } }`;
const COUNTS = `mutation($c: ID!, $p: [SubscriberCountInput!]!) { ingestSubscriberCounts(channelId: $c, points: $p) { inserted updated unchanged rejected } }`;

export interface SeedTotals {
  channels: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

/**
 * Loads interchange records through the public API (as any client would): title, posts and
 * subscriber counts, in chunks. The client needs a token with the `ingest` scope. Fails on the
 * first GraphQL error, naming the channel.
 */
export async function seedChannels(client: GraphQLClient, records: AsyncIterable<ChannelRecord> | Iterable<ChannelRecord>, chunk = 500): Promise<SeedTotals> {
  const totals: SeedTotals = { channels: 0, inserted: 0, updated: 0, unchanged: 0 };
  const call = async (query: string, variables: Record<string, unknown>, what: string) => {
    const result = await client(query, variables);
    if (result.errors?.length) throw new Error(`seeding ${what} failed: ${result.errors.map((e) => e.message).join('; ')}`);
    return result.data;
  };
  for await (const record of records) {
    if (record.title) await call(UPSERT, { id: record.id, title: record.title }, `channel ${record.id}`);
    for (let i = 0; i < record.posts.length; i += chunk) {
      const data = await call(POSTS, { c: record.id, p: record.posts.slice(i, i + chunk) }, `posts of ${record.id}`);
      totals.inserted += data.ingestPosts.inserted;
      totals.updated += data.ingestPosts.updated;
      totals.unchanged += data.ingestPosts.unchanged;
    }
    for (let i = 0; i < record.subscriberCounts.length; i += chunk) {
      await call(COUNTS, { c: record.id, p: record.subscriberCounts.slice(i, i + chunk) }, `subscriber counts of ${record.id}`);
    }
    totals.channels += 1;
  }
  return totals;
}
