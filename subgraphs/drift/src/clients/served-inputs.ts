import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse, print } from 'graphql';
import { answered, type ReadScope, type SupergraphClient } from '@telepulse/platform/supergraph-client';
import type { FeatureReference } from '../domain/reference-distribution.js';
import {
  DriftReferenceFragmentDoc,
  DriftServedInputsFragmentDoc,
  type DriftReferenceFragment,
  type DriftServedInputsFragment,
} from '../__generated__/supergraph-operations.js';

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
  recent: DriftServedInputsFragment[] | null;
  reference: DriftReferenceFragment | null;
}

/** The fixed fragments (clients/served-inputs.graphql, checked by codegen), as text for the runtime-built document. */
const FRAGMENTS = `${print(DriftServedInputsFragmentDoc)}\n${print(DriftReferenceFragmentDoc)}`;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The document for one model: its catalog-named root fields (`recentEngagementPredictions`,
 * `engagementServingReference`…) aliased to fixed names around fixed selections, so the reading
 * code is the same for every model. Built at runtime because the field names come from the
 * catalog; the selections are fragments codegen checks against the supergraph.
 */
export function servedInputsDocument({ recent, serving }: ServedFields) {
  for (const name of [recent, serving]) if (!NAME.test(name)) throw new Error(`catalog field ${JSON.stringify(name)} is not a GraphQL field name`);
  return parse(/* GraphQL */ `
    query DriftServedInputs($since: DateTime!, $limit: Int!) {
      recent: ${recent}(since: $since, limit: $limit) { ...DriftServedInputs }
      reference: ${serving}Reference { ...DriftReference }
    }
    ${FRAGMENTS}
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
