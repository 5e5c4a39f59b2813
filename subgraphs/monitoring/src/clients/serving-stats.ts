import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { Kind, parse } from 'graphql';
import type { CatalogModel } from '@telepulse/models/catalog/model-catalog';
import { UnavailableError } from '@telepulse/platform/errors';
import type { ReadScope, SupergraphClient } from '@telepulse/platform/supergraph-client';
import { MonitoredServingFragmentDoc, type MonitoredServingFragment } from '../__generated__/supergraph-operations.js';
import type { ServingReport } from '../domain/serving-counters.js';
import type { ServingSource } from '../pollers/serving-poller.js';

/**
 * The serving counters of catalog models, read through the gateway: one operation with a field
 * per model (the catalog's `serving` name, aliased `m<i>`), each selecting the MonitoredServing
 * fragment that codegen checks.
 */
export function servingDocument(models: readonly CatalogModel[]): TypedDocumentNode<Record<string, MonitoredServingFragment>, Record<string, never>> {
  // Catalog field names are checked to be GraphQL names when the catalog is read.
  const operation = parse(`query MonitoringServing { ${models.map((m, i) => `m${i}: ${m.serving} { ...MonitoredServing }`).join(' ')} }`);
  return { kind: Kind.DOCUMENT, definitions: [...operation.definitions, ...MonitoredServingFragmentDoc.definitions] } as TypedDocumentNode<
    Record<string, MonitoredServingFragment>,
    Record<string, never>
  >;
}

/** The report of one model as the poller takes it. */
export function servingReport(stats: MonitoredServingFragment): ServingReport {
  const { version, since, items, runs, failures, latencyP50Ms, latencyP99Ms, meanBatchSize } = stats;
  return { version, since, items, runs, failures, latencyP50Ms, latencyP99Ms, meanBatchSize };
}

/**
 * Reads every model's counters in one request. The serving fields are non-null, so one subgraph
 * that cannot answer fails the whole request: the models are then asked one by one, and those
 * that answer are kept (rejects when none does, or when the gateway itself is unreachable).
 */
export function supergraphServingSource(client: SupergraphClient): ServingSource {
  const ask = async (models: readonly CatalogModel[], scope: ReadScope) => {
    const data = await client.request(servingDocument(models), {}, scope);
    return new Map(models.map((m, i) => [m.id, servingReport(data[`m${i}`]!)]));
  };
  return {
    async read(models, scope) {
      if (models.length === 0) return new Map();
      try {
        return await ask(models, scope);
      } catch (error) {
        if (models.length === 1 || (error instanceof UnavailableError && error.details.dependency === 'gateway') || scope.signal.aborted) throw error;
        const settled = await Promise.allSettled(models.map((m) => ask([m], scope)));
        const answered = settled.flatMap((s) => (s.status === 'fulfilled' ? [...s.value] : []));
        if (answered.length === 0) throw error;
        return new Map(answered);
      }
    },
  };
}
