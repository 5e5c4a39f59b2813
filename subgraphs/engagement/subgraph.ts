import { defineSubgraph } from '@telepulse/platform/subgraph-manifest';

/** Engagement predictions: the engagement model, its registry, and every prediction it served. */
export default defineSubgraph({
  name: 'engagement',
  dir: import.meta.dirname,
  port: 4002,
  database: 'engagement',
  models: ['engagement'],
  mappers: {
    ServedPrediction: '@telepulse/models/catalog/served-prediction#ServedPrediction',
    ServedPoint: '@telepulse/models/catalog/served-prediction#ServedPoint',
    ReferenceStatistics: '@telepulse/models/catalog/serving-reference#ReferenceStatisticsView',
    Channel: '../representations.js#ChannelRepresentation',
    Post: './supergraph-operations.js#HistoryPostFragment',
    EngagementPrediction: '../domain/prediction.js#EngagementPredictionRecord',
    EngagementBacktest: '../domain/backtest.js#EngagementBacktest',
    BacktestedPost: '../domain/backtest.js#BacktestedPost',
    PostingTimes: '../domain/posting-times.js#PostingTimes',
    PostingTimeCell: '../domain/posting-times.js#PostingTimeCell',
    EngagementModel: '@telepulse/models/engagement/pipeline#EngagementPipeline',
    ValidationResult: '../domain/feature-checks.js#FeatureCheck',
    FieldIssue: '@telepulse/platform#FieldIssue',
    ServingStats: '@telepulse/models/runtime/serving-stats#ServingStatsSnapshot',
  },
  load: () => import('./src/server.js'),
});
