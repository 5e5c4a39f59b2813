import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { answered, type ReadScope, type SupergraphClient } from '@telepulse/platform/supergraph-client';
import type { FeatureReference } from '../domain/reference-distribution.js';

/** A served prediction's inputs as data drift compares them. */
export interface ServedInputs {
  id: string;
  modelVersion: string;
  createdAt: Date;
  features: Map<string, number>;
}

/** The active version's training reference. */
export interface ModelReference {
  version: string;
  features: FeatureReference[];
}

/** The catalog's names for a model's fields: `recent` (recent served predictions) and `serving` (its `<serving>Reference`). */
export interface ServedFields {
  recent: string;
  serving: string;
}

/** Where drift reads a model's recent inputs and its training reference; it never reads the serving subgraphs' collections. */
export interface ServedInputsReader {
  /** The recent predictions and the reference, in one request. */
  read(fields: ServedFields, since: Date, limit: number, scope: ReadScope): Promise<{ recent: ServedInputs[]; reference: ModelReference }>;
}

interface ReadData {
  recent: { id: string; modelVersion: string; createdAt: string; features: { name: string; value: number }[] }[] | null;
  reference: { version: string; features: FeatureReference[] } | null;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The document for one model: its catalog-named root fields (`recentEngagementPredictions`,
 * `engagementServingReference`…) aliased to fixed names around fixed selections, so the reading
 * code is the same for every model. Built at runtime because the field names come from the
 * catalog; the selections are those of the shared ServedPrediction and ReferenceStatistics types.
 */
export function servedInputsDocument({ recent, serving }: ServedFields) {
  for (const name of [recent, serving]) if (!NAME.test(name)) throw new Error(`catalog field ${JSON.stringify(name)} is not a GraphQL field name`);
  return parse(/* GraphQL */ `
    query DriftServedInputs($since: DateTime!, $limit: Int!) {
      recent: ${recent}(since: $since, limit: $limit) {
        id
        modelVersion
        createdAt
        features { name value }
      }
      reference: ${serving}Reference {
        version
        features { name quantiles mean std count }
      }
    }
  `) as TypedDocumentNode<ReadData, { since: string; limit: number }>;
}

export function supergraphServedInputs(client: SupergraphClient): ServedInputsReader {
  return {
    async read(fields, since, limit, scope) {
      const data = await client.request(servedInputsDocument(fields), { since: since.toISOString(), limit }, scope);
      const recent = answered(data.recent, fields.recent);
      const reference = answered(data.reference, `${fields.serving}Reference`);
      return {
        recent: recent.map((p) => ({ id: p.id, modelVersion: p.modelVersion, createdAt: new Date(p.createdAt), features: new Map(p.features.map((f) => [f.name, f.value])) })),
        reference,
      };
    },
  };
}
