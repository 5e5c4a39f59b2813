/**
 * Finds served predictions by id through the gateway: ONE request asking every catalog model's
 * `served` field (models/catalog.json) under an alias, around the fixed ServedPrediction
 * fragment, so a new model is a catalog entry, not a change here. Ids are 128-bit hashes, so at
 * most one model answers for an id. The document is built at runtime (the field names come from
 * the catalog), so its answer is checked against the fragment's shape here instead of by codegen.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { z } from 'zod';
import { OUTCOME_KINDS, type CatalogModel } from '@telepulse/models/catalog/model-catalog';
import type { ReadScope, SupergraphClient } from '@telepulse/platform/supergraph-client';
import type { ServedPredictionView } from '../domain/served-prediction.js';

/** What feedback reads of a served prediction. */
export const SERVED_PREDICTION_FRAGMENT = `fragment ServedPrediction on ServedPrediction {
  id
  model { id }
  modelVersion
  outcome
  channelId
  postId
  postedAt
  createdAt
  points { date value lower80 upper80 lower95 upper95 }
  features { name value }
}`;

/** The most ids one `served…` field takes. */
export const SERVED_IDS_MAX = 1000;

const number = z.number();
const servedPrediction = z.object({
  id: z.string(),
  model: z.object({ id: z.string() }),
  modelVersion: z.string(),
  outcome: z.enum(OUTCOME_KINDS),
  channelId: z.string(),
  postId: z.string().nullable(),
  postedAt: z.string().nullable(),
  createdAt: z.string(),
  points: z.array(z.object({ date: z.string().nullable(), value: number, lower80: number.nullable(), upper80: number.nullable(), lower95: number.nullable(), upper95: number.nullable() })),
  features: z.array(z.object({ name: z.string(), value: number })),
});
export type ServedPredictionWire = z.infer<typeof servedPrediction>;

/** A served prediction as it crossed the wire, with its dates as Dates. */
export function fromWire(p: ServedPredictionWire): ServedPredictionView {
  return { ...p, modelId: p.model.id, postedAt: p.postedAt === null ? null : new Date(p.postedAt), createdAt: new Date(p.createdAt) };
}

/** Where feedback looks predictions up. */
export interface ServedPredictionReader {
  /** The predictions of `ids` (at most SERVED_IDS_MAX), null for an id no model served. */
  find(ids: readonly string[], scope: ReadScope): Promise<Map<string, ServedPredictionView | null>>;
}

/** The lookup document: one aliased `served` field per model. */
export function servedLookupDocument(models: readonly Pick<CatalogModel, 'served'>[]): string {
  const fields = models.map((m, i) => `  m${i}: ${m.served}(ids: $ids) { ...ServedPrediction }`);
  return `query ServedLookup($ids: [ID!]!) {\n${fields.join('\n')}\n}\n${SERVED_PREDICTION_FRAGMENT}`;
}

/** Reads through the gateway, one request per SERVED_IDS_MAX ids, for the catalog's models that take feedback. */
export function supergraphServedPredictions(client: SupergraphClient, models: readonly (CatalogModel & { served: string })[]): ServedPredictionReader {
  const answer = z.record(z.string(), z.array(servedPrediction.nullable()));
  const document = parse(servedLookupDocument(models)) as TypedDocumentNode<unknown, { ids: string[] }>;
  return {
    async find(ids, scope) {
      const found = new Map<string, ServedPredictionView | null>(ids.map((id) => [id, null]));
      for (let start = 0; start < ids.length; start += SERVED_IDS_MAX) {
        const chunk = ids.slice(start, start + SERVED_IDS_MAX);
        const data = answer.parse(await client.request(document, { ids: chunk }, scope));
        models.forEach((_, m) => {
          const list = data[`m${m}`] ?? [];
          list.forEach((p, i) => {
            if (p && chunk[i] === p.id) found.set(p.id, fromWire(p));
          });
        });
      }
      return found;
    },
  };
}
