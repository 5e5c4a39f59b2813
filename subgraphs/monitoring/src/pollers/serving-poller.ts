import type { CatalogModel } from '@telepulse/models/catalog/model-catalog';
import type { ReadScope } from '@telepulse/platform/supergraph-client';
import type { Monitor } from '../domain/monitor.js';
import { servingPoll, type ServingCounters, type ServingReport } from '../domain/serving-counters.js';

/**
 * One serving poll: every catalog model's serving counters (one gateway request), turned into
 * one point per model with the differences since the previous poll, recorded (alerts evaluated),
 * then the counters and reported version saved for the next poll.
 */

/** Reads every model's `serving` field; a model whose subgraph cannot answer has no entry (rejects only when none answered). */
export interface ServingSource {
  read(models: readonly CatalogModel[], scope: ReadScope): Promise<Map<string, ServingReport>>;
}

export interface ServingState {
  servingCounters(modelIds: readonly string[]): Promise<Map<string, ServingCounters>>;
  saveServing(modelId: string, counters: ServingCounters, activeVersion: string, now: Date): Promise<void>;
}

export interface ServingPollerDeps {
  source: ServingSource;
  state: ServingState;
  monitor: Pick<Monitor, 'record'>;
  catalog: () => readonly CatalogModel[];
  now: () => Date;
}

/** The tick of the serving poller. */
export function servingTick({ source, state, monitor, catalog, now }: ServingPollerDeps) {
  return async (scope: ReadScope): Promise<void> => {
    const models = catalog();
    const reports = await source.read(models, scope);
    const at = now();
    const previous = await state.servingCounters([...reports.keys()]);
    const polls = [...reports].map(([modelId, report]) => ({ modelId, report, ...servingPoll(modelId, report, previous.get(modelId) ?? null, at) }));
    const points = polls.flatMap((p) => (p.point ? [p.point] : []));
    if (points.length > 0) await monitor.record(points, scope.signal);
    for (const poll of polls) await state.saveServing(poll.modelId, poll.counters, poll.report.version, at);
  };
}
