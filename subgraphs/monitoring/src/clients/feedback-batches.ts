import type { SupergraphClient } from '@telepulse/platform/supergraph-client';
import { answered } from '@telepulse/platform/supergraph-client';
import { MonitoringFeedbackBatchesDocument } from '../__generated__/supergraph-operations.js';
import type { FeedbackSource } from '../pollers/feedback-poller.js';

/** Processed feedback batches, read through the gateway (the feedback subgraph's `feedbackBatches`). */
export function supergraphFeedbackSource(client: SupergraphClient): FeedbackSource {
  return {
    async batches(modelId, after, limit, scope) {
      const data = await client.request(MonitoringFeedbackBatchesDocument, { modelId, after, limit }, scope);
      const page = answered(data.feedbackBatches, 'feedbackBatches');
      return { items: page.items, cursor: page.cursor ?? null };
    },
  };
}
