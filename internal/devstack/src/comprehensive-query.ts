/**
 * The comprehensive query: one request the gateway plans across the subgraphs, a channel with
 * every subgraph's part of it and the system's health, for one channel, for channels by id and
 * for the channel list. The e2e test checks it (test/e2e/comprehensive.e2e.test.ts) and
 * `pnpm bench:comprehensive` measures it, from here. A subgraph that adds a part of Channel to
 * the comprehensive query adds its field to CHANNEL_PARTS.
 */

/** Every subgraph's part of a channel. */
export const CHANNEL_PARTS = `fragment ChannelParts on Channel {
  id
  title
  engagementPrediction { predictedEngagement confidence }
  growthForecast(days: 7) { points { date value lower80 upper80 lower95 upper95 } }
  contentAnalysis { count meanRelativeEngagement meanViralScore clusterSilhouette clusters { size representative meanRelativeEngagement meanViralScore } }
}`;

const SYSTEM_HEALTH = 'systemHealth { status services { name status } }';

/** The comprehensive query, by its root: variables `id`, `ids` and `limit`. */
export const COMPREHENSIVE_QUERY = {
  channel: `query Comprehensive($id: ID!) { channel(id: $id) { ...ChannelParts } ${SYSTEM_HEALTH} } ${CHANNEL_PARTS}`,
  channels: `query ComprehensiveByIds($ids: [ID!]!) { channels(ids: $ids) { ...ChannelParts } ${SYSTEM_HEALTH} } ${CHANNEL_PARTS}`,
  listChannels: `query ComprehensiveList($limit: Int!) { listChannels(limit: $limit) { ...ChannelParts } ${SYSTEM_HEALTH} } ${CHANNEL_PARTS}`,
} as const;
