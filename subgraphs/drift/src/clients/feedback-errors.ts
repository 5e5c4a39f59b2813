import { answered, type ReadScope, type SupergraphClient } from '@telepulse/platform/supergraph-client';
import type { ErrorItem } from '../domain/performance-detection.js';
import { DriftFeedbackErrorsDocument } from '../__generated__/supergraph-operations.js';

/** One page of a model's error stream, in arrival order after a cursor. */
export interface ErrorPage {
  items: ErrorItem[];
  /** Pass as `after` next time; unchanged when nothing new. */
  cursor: string | null;
}

/** Where drift reads a model's fed-back errors; it never reads feedback's collections. */
export interface ErrorStreamReader {
  read(modelId: string, after: string | null, limit: number, scope: ReadScope): Promise<ErrorPage>;
}

/** Reads `feedbackErrors` through the gateway, as any client would. */
export function supergraphErrorStream(client: SupergraphClient): ErrorStreamReader {
  return {
    async read(modelId, after, limit, scope) {
      const page = answered((await client.request(DriftFeedbackErrorsDocument, { modelId, after, limit }, scope)).feedbackErrors, 'feedbackErrors');
      return {
        items: page.items.map((i) => ({ feedbackId: i.feedbackId, modelVersion: i.modelVersion, receivedAt: new Date(i.receivedAt), error: i.error })),
        cursor: page.cursor,
      };
    },
  };
}
