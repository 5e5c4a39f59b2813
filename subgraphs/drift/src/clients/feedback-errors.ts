import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { answered, type ReadScope, type SupergraphClient } from '@telepulse/platform/supergraph-client';
import type { ErrorItem } from '../domain/performance-detection.js';

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

interface FeedbackErrorsData {
  feedbackErrors: {
    items: { feedbackId: string; modelVersion: string; receivedAt: string; error: number }[];
    cursor: string | null;
  } | null;
}

// TODO(move to src/clients/feedback-errors.graphql, checked by codegen) once the feedback
// subgraph's feedbackErrors is composed into schema/supergraph.graphql on this branch.
const FEEDBACK_ERRORS = parse(/* GraphQL */ `
  query DriftFeedbackErrors($modelId: ID!, $after: String, $limit: Int!) {
    feedbackErrors(modelId: $modelId, after: $after, limit: $limit) {
      items {
        feedbackId
        modelVersion
        receivedAt
        error
      }
      cursor
    }
  }
`) as TypedDocumentNode<FeedbackErrorsData, { modelId: string; after: string | null; limit: number }>;

/** Reads `feedbackErrors` through the gateway, as any client would. */
export function supergraphErrorStream(client: SupergraphClient): ErrorStreamReader {
  return {
    async read(modelId, after, limit, scope) {
      const page = answered((await client.request(FEEDBACK_ERRORS, { modelId, after, limit }, scope)).feedbackErrors, 'feedbackErrors');
      return {
        items: page.items.map((i) => ({ feedbackId: i.feedbackId, modelVersion: i.modelVersion, receivedAt: new Date(i.receivedAt), error: i.error })),
        cursor: page.cursor,
      };
    },
  };
}
