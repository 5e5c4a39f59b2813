import type { CatalogModel } from '@telepulse/models/catalog/model-catalog';
import type { ReadScope } from '@telepulse/platform/supergraph-client';
import type { Monitor } from '../domain/monitor.js';
import { nextServingState, previousOfProcess, servingPoll, type ServingReport, type ServingState } from '../domain/serving-counters.js';

/**
 * One serving poll: every catalog model's serving counters (one gateway request), turned into
 * one point per model with the differences since the previous poll, recorded (alerts evaluated),
 * then the counters and reported version saved for the next poll when they changed. The
 * differences are from the previous poll of the same serving process (domain/serving-counters.ts:
 * replicas behind the gateway each count their own).
 */

/** Reads every model's `serving` field; a model whose subgraph cannot answer has no entry (rejects only when none answered). */
export interface ServingSource {
  read(models: readonly CatalogModel[], scope: ReadScope): Promise<Map<string, ServingReport>>;
}

export interface ServingStates {
  servingStates(modelIds: readonly string[]): Promise<Map<string, ServingState>>;
  saveServing(modelId: string, state: ServingState, now: Date): Promise<void>;
}

export interface ServingPollerDeps {
  source: ServingSource;
  state: ServingStates;
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
    const previous = await state.servingStates([...reports.keys()]);
    const polls = [...reports].map(([modelId, report]) => ({ modelId, report, before: previous.get(modelId), ...servingPoll(modelId, report, previousOfProcess(previous.get(modelId), report), at) }));
    const points = polls.flatMap((p) => (p.point ? [p.point] : []));
    if (points.length > 0) await monitor.record(points, scope.signal);
    // Nothing is written for a model whose counters and version did not move: an idle system's polls only read.
    for (const { modelId, report, before, point, counters } of polls) {
      if (point || before?.activeVersion !== report.version) await state.saveServing(modelId, nextServingState(before, counters, report.version), at);
    }
  };
}
