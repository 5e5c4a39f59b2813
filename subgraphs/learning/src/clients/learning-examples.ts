/**
 * Reads a model's labelled examples through the gateway, as any client would: every fed-back
 * outcome of the model (feedbackErrors, page by page, in arrival order; the most recent
 * LEARNING_MAX_EXAMPLES kept), then the stored input of the predictions they judge, asked of the
 * model's catalog-named `served` field (at most SERVED_IDS_MAX ids a request) around a fixed
 * fragment codegen checks. Learning never reads feedback's or the serving subgraphs' collections.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse, print } from 'graphql';
import { SERVED_IDS_MAX } from '@telepulse/models/catalog/served-prediction';
import { answered, type ReadScope, type SupergraphClient } from '@telepulse/platform/supergraph-client';
import type { FeedbackExample, ObservedLabel } from '../domain/learning-data.js';
import { LearningFeedbackErrorsDocument, LearningServedInputFragmentDoc, type LearningFeedbackErrorsQuery, type LearningServedInputFragment } from '../__generated__/supergraph-operations.js';

/** The most items one feedbackErrors page holds (feedback's ERROR_PAGE_MAX). */
const PAGE = 5000;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface ExampleReader {
  /** The model's examples (at most `max`, the most recent), in arrival order. */
  read(modelId: string, served: string, max: number, scope: ReadScope): Promise<FeedbackExample[]>;
}

type ErrorItem = LearningFeedbackErrorsQuery['feedbackErrors']['items'][number];

/** The lookup of stored inputs by id, under the catalog's field name. */
export function servedInputsDocument(served: string) {
  if (!NAME.test(served)) throw new Error(`catalog field ${JSON.stringify(served)} is not a GraphQL field name`);
  return parse(`query LearningServedInputs($ids: [ID!]!) { served: ${served}(ids: $ids) { ...LearningServedInput } }\n${print(LearningServedInputFragmentDoc)}`) as TypedDocumentNode<
    { served: (LearningServedInputFragment | null)[] | null },
    { ids: string[] }
  >;
}

export function supergraphExamples(client: SupergraphClient): ExampleReader {
  return {
    async read(modelId, served, max, scope) {
      const items: ErrorItem[] = [];
      for (let after: string | null = null; ; ) {
        const page: LearningFeedbackErrorsQuery['feedbackErrors'] = answered((await client.request(LearningFeedbackErrorsDocument, { modelId, after, limit: PAGE }, scope)).feedbackErrors, 'feedbackErrors');
        items.push(...page.items);
        if (items.length > max) items.splice(0, items.length - max);
        if (page.items.length < PAGE || page.cursor === after) break;
        after = page.cursor;
      }
      const document = servedInputsDocument(served);
      const inputs = new Map<string, LearningServedInputFragment>();
      const ids = [...new Set(items.map((i) => i.predictionId))];
      for (let start = 0; start < ids.length; start += SERVED_IDS_MAX) {
        const found = answered((await client.request(document, { ids: ids.slice(start, start + SERVED_IDS_MAX) }, scope)).served, served);
        for (const p of found) if (p) inputs.set(p.id, p);
      }
      return items.flatMap((item) => {
        const label = labelOf(item);
        return label ? [exampleOf(item, label, inputs.get(item.predictionId) ?? null)] : [];
      });
    },
  };
}

/** Exactly the field of the model's outcome kind is set; a viral outcome has no stored input to learn from. */
function labelOf({ outcome }: ErrorItem): ObservedLabel | null {
  if (outcome.engagementRate !== null) return { kind: 'ENGAGEMENT_RATE', engagementRate: outcome.engagementRate };
  if (outcome.subscriberCounts !== null) return { kind: 'SUBSCRIBER_COUNT', subscriberCounts: outcome.subscriberCounts };
  return null;
}

function exampleOf(item: ErrorItem, label: ObservedLabel, served: LearningServedInputFragment | null): FeedbackExample {
  return {
    feedbackId: item.feedbackId,
    predictionId: item.predictionId,
    modelVersion: item.modelVersion,
    receivedAt: new Date(item.receivedAt),
    error: item.error,
    label,
    input: served?.modelInput ?? null,
    origin: label.kind === 'SUBSCRIBER_COUNT' && served ? originOf(served) : null,
  };
}

/** A forecast's origin: the day before its first forecast day, and the last count (its drift feature lnLastCount is ln(1 + count)). */
function originOf(served: LearningServedInputFragment): { lastDate: string; lastCount: number } | null {
  const first = served.points[0]?.date;
  const lnLastCount = served.features.find((f) => f.name === 'lnLastCount')?.value;
  if (!first || lnLastCount === undefined) return null;
  const lastDate = new Date(Date.parse(`${first}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return { lastDate, lastCount: Math.round(Math.expm1(lnLastCount)) };
}
