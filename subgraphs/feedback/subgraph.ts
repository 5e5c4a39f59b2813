import { defineSubgraph } from '@telepulse/platform/subgraph-manifest';

/** Feedback: the observed outcomes of served predictions, each item's error, and error metrics per model version. */
export default defineSubgraph({
  name: 'feedback',
  dir: import.meta.dirname,
  port: 4005,
  database: 'feedback',
  mappers: {
    Model: '../domain/model-ref.js#ModelRef',
    Feedback: '../domain/feedback.js#FeedbackRecord',
    FeedbackError: '../domain/feedback.js#FeedbackRecord',
    FeedbackProcessing: '../domain/processing.js#ProcessingRecord',
    FeedbackSummary: '../domain/summary.js#FeedbackSummaryView',
  },
  load: () => import('./src/server.js'),
});
