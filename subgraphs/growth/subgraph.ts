import { defineSubgraph } from '@telepulse/platform/subgraph-manifest';

/** Subscriber growth: the growth model, its registry, every forecast it served, and the patterns of a channel's counts. */
export default defineSubgraph({
  name: 'growth',
  dir: import.meta.dirname,
  port: 4003,
  database: 'growth',
  models: ['growth'],
  mappers: {
    Channel: '../representations.js#ChannelRepresentation',
    GrowthForecast: '../domain/forecast.js#GrowthForecastRecord',
    GrowthPoint: '@telepulse/models/growth/series#GrowthPoint',
    GrowthBaselinePoint: '../domain/forecast.js#BaselinePoint',
    GrowthPatterns: '../domain/patterns.js#ChannelGrowthPatterns',
    GrowthTrend: '../domain/patterns.js#GrowthTrend',
    WeeklySeasonality: '../domain/patterns.js#WeeklySeasonality',
    WeekdayGrowth: '../domain/patterns.js#WeekdayGrowth',
    GrowthChangePoint: '../domain/patterns.js#ChangePoint',
    GrowthAnomaly: '../domain/patterns.js#GrowthAnomaly',
    TimeSeriesValidation: '../domain/series-checks.js#SeriesCheck',
    TimeSeriesIssue: '@telepulse/platform#FieldIssue',
    GrowthModel: '@telepulse/models/growth/pipeline#GrowthPipeline',
    GrowthHeldOutHorizon: '@telepulse/models/growth/metadata#HorizonMetrics',
    ServingStats: '@telepulse/models/runtime/serving-stats#ServingStatsSnapshot',
  },
  load: () => import('./src/server.js'),
});
