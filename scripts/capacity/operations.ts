/**
 * Each service's typical operation, as `pnpm bench:capacity` drives it through the gateway: the
 * request a client sends most often to that service, with variables that change per request the
 * way real traffic does (new predictions, new posts, new texts) where repeating would be
 * answered from a store or a cache instead.
 */
import { COMPREHENSIVE_QUERY } from '@telepulse/devstack/comprehensive-query';
import { benchChannelOf, benchFeatures } from '../bench-requests.js';

export interface Operation {
  /** The service whose typical operation this is (summary row), or `gateway` for the comprehensive query. */
  service: string;
  /** What the table calls it. */
  label: string;
  query: string;
  /** The variables of the `i`-th request of the run. */
  variables(i: number): Record<string, unknown>;
  /** Predictions one request makes (the prediction paths only). */
  predictions?: number;
  /** A request that carries many items' work (a batch, an ingest, the comprehensive query): runs at the batch concurrency rather than `--connections`. */
  batched?: boolean;
  /**
   * Serialised per model by a lock in the database (withDocumentLock): runs at one connection.
   * More would not go faster; waiting writers poll the lock, and the run would measure the polling.
   */
  serialised?: boolean;
  /** Each answer's `data`, for operations that feed later ones. */
  onData?(data: Record<string, unknown>): void;
}

const TEXTS = [
  'Breaking: the central bank raises rates by half a point, markets react',
  'Ten photos from last night’s concert — which one is your favourite?',
  'Our weekly digest: five long reads on climate, cities and the future of work',
  'Giveaway! Repost this and win a signed copy of the new book',
];

/**
 * The operations in the order they run. `prefix` keeps the posts and predictions of this run
 * apart from any other's; `served` collects the ids of predictions made by the single-prediction
 * run, which the feedback run then gives outcomes for (one each, as a client reporting what it
 * observed would).
 */
export function capacityOperations(options: { batchSize: number; ingestPosts: number; prefix: string }): Operation[] {
  const served: string[] = [];
  // Numbered across the prediction runs, warm-ups included: no request repeats an earlier one.
  let predictionNumber = 0;
  return [
    {
      service: 'engagement',
      label: 'predictEngagement',
      query: 'mutation($channelId: ID!, $features: EngagementFeaturesInput!) { predictEngagement(channelId: $channelId, features: $features) { id predictedEngagement } }',
      variables: () => {
        const i = predictionNumber++;
        return { channelId: benchChannelOf(i), features: benchFeatures(i) };
      },
      predictions: 1,
      onData: (data) => void served.push((data.predictEngagement as { id: string }).id),
    },
    {
      service: 'engagement',
      label: `batchPredictEngagement of ${options.batchSize}`,
      query: 'mutation($requests: [EngagementRequestInput!]!) { batchPredictEngagement(requests: $requests) { id } }',
      variables: () => ({
        requests: Array.from({ length: options.batchSize }, () => {
          const i = predictionNumber++;
          return { channelId: benchChannelOf(i), features: benchFeatures(i) };
        }),
      }),
      predictions: options.batchSize,
      batched: true,
    },
    {
      service: 'growth',
      label: 'channel { growthForecast(days: 7) }',
      query: 'query($id: ID!) { channel(id: $id) { id growthForecast(days: 7) { id points { date value lower80 upper80 lower95 upper95 } } } }',
      variables: (i) => ({ id: benchChannelOf(i) }),
    },
    {
      service: 'content',
      label: 'detectViralPotential',
      query: 'query($content: String!) { detectViralPotential(content: $content) { score } }',
      // A number in the text: each request a text the model has not scored.
      variables: (i) => ({ content: `${TEXTS[i % TEXTS.length]} #${i}` }),
    },
    {
      service: 'channels',
      label: 'channel read',
      query: 'query($id: ID!) { channel(id: $id) { id title postCount latestSubscriberCount { count } } }',
      variables: (i) => ({ id: benchChannelOf(i) }),
    },
    {
      service: 'gateway',
      label: 'comprehensive channel query',
      query: COMPREHENSIVE_QUERY.channel,
      batched: true,
      variables: (i) => ({ id: benchChannelOf(i) }),
    },
    {
      service: 'channels',
      label: `ingestPosts of ${options.ingestPosts} new posts`,
      batched: true,
      query: 'mutation($channelId: ID!, $posts: [PostInput!]!) { ingestPosts(channelId: $channelId, posts: $posts) { inserted updated } }',
      variables: (i) => ({
        channelId: benchChannelOf(i),
        posts: Array.from({ length: options.ingestPosts }, (_, k) => {
          const text = TEXTS[(i + k) % TEXTS.length]!;
          return { id: `${options.prefix}-${i}-${k}`, postedAt: new Date(Date.now() - (k + 1) * 60_000).toISOString(), views: 1000 + k, forwards: k % 7, replies: k % 5, reactions: k % 11, text, hasMedia: k % 3 === 0 };
        }),
      }),
    },
    {
      service: 'feedback',
      label: 'submitFeedback for a served prediction',
      serialised: true,
      query: 'mutation($id: ID!, $outcome: FeedbackInput!) { submitFeedback(predictionId: $id, outcome: $outcome) { id } }',
      // Past the predictions served, the same ones again (answered as stored): the run says how many were new.
      variables: (i) => ({ id: served[i % Math.max(1, served.length)] ?? 'none', outcome: { engagementRate: 0.01 + (i % 50) / 1000 } }),
    },
    {
      service: 'monitoring',
      label: 'dashboard ModelOverview (24 h, hourly)',
      query:
        'query($id: ID!) { model(id: $id) { id description activeVersion performanceTrend(hours: 24, bucket: HOUR) { start end count error metrics { latencyP99Ms items } } performanceAlerts { id rule value } alertThresholds { errorAbove latencyP99AboveMs risingBuckets } } }',
      variables: () => ({ id: 'engagement' }),
    },
    {
      service: 'drift',
      label: 'detectPerformanceDrift',
      serialised: true,
      query: 'mutation($id: ID!) { detectPerformanceDrift(modelId: $id) { itemsRead itemsSeen severity } }',
      variables: () => ({ id: 'engagement' }),
    },
    {
      service: 'learning',
      label: 'model versions',
      query: 'query($id: ID!) { model(id: $id) { id versions { version origin registeredAt active activatedAt } candidates { version } } }',
      variables: () => ({ id: 'engagement' }),
    },
  ];
}
