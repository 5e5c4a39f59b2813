import { defineSubgraph } from '@telepulse/platform/subgraph-manifest';

/** Post content: the content CNN and the viral transformer, what texts share, and the viral call on each post it judged. */
export default defineSubgraph({
  name: 'content',
  dir: import.meta.dirname,
  port: 4004,
  database: 'content',
  models: ['content-cnn', 'content-viral'],
  mappers: {
    Channel: '../representations.js#ChannelRepresentation',
    Post: '../representations.js#PostRepresentation',
    ContentPatterns: '../domain/content-patterns.js#ContentPatterns',
    FeatureSpread: '../domain/feature-spread.js#FeatureSpread',
    ContentCluster: '../domain/content-patterns.js#ClusterSummary',
    ClusterFeature: '../domain/content-patterns.js#ClusterFeature',
    FeatureAssociation: '../domain/feature-associations.js#FeatureAssociation',
    AnalyzedText: '../domain/content-patterns.js#AnalyzedText',
    ContentFeatures: '../domain/content-features.js#TextReading',
    TextFeatures: '@telepulse/models/content/text-features#ContentFeatures',
    ViralPotential: '../domain/viral-potential.js#ViralPotential',
    ViralDriver: '../domain/content-models.js#ViralDriver',
    ValidationResult: '../domain/content-checks.js#ContentCheck',
    FieldIssue: '../domain/content-checks.js#ContentIssue',
    ServingStats: '@telepulse/models/runtime/serving-stats#ServingStatsSnapshot',
  },
  load: () => import('./src/server.js'),
});
