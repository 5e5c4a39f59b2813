import type { ServingStatsSnapshot } from '@telepulse/models/runtime/serving-stats';
import { pointId, type PerformancePoint } from './performance-point.js';
import { presentMetrics } from './metrics.js';

/**
 * From a serving path's counters (items, runs, failures since its process started) to the
 * point of one poll: the differences since the previous poll, so a bucket's `items` are the items
 * predicted in it. Counters restart from 0 when the serving process does (`since` changes): the
 * new counters are then the difference.
 */

/** What a model's `serving` field reports (ServingStats), as it crosses the wire (`since` an ISO-8601 string). */
export type ServingReport = Omit<ServingStatsSnapshot, 'model' | 'since'> & { since: string };

/** The counters of the previous poll, as persisted between polls. */
export interface ServingCounters {
  since: string;
  items: number;
  runs: number;
  failures: number;
}

/** A model's serving state between polls, as persisted. */
export interface ServingState {
  /** The counters of the last poll. */
  counters: ServingCounters;
  /**
   * The last counters seen of each serving process lately (newest first, at most
   * SERVING_PROCESSES_KEPT; absent in states saved before replicas): with several replicas of a
   * subgraph behind the gateway, consecutive polls may reach different processes, each with
   * counters of its own; each poll is the difference from that process's previous poll.
   */
  processes?: ServingCounters[];
  /** The version the serving path reported (Model.activeVersion). */
  activeVersion: string;
}

/** Serving processes whose counters a model's state keeps: replicas, and restarts of them. */
export const SERVING_PROCESSES_KEPT = 16;

/** The previous counters of the process that made `report` (by its `since`), if it was polled before. */
export function previousOfProcess(state: ServingState | undefined, report: Pick<ServingReport, 'since'>): ServingCounters | null {
  if (!state) return null;
  return [state.counters, ...(state.processes ?? [])].find((c) => c.since === report.since) ?? null;
}

/** The state to save after a poll whose counters are `counters`: those first, then the other processes' kept. */
export function nextServingState(state: ServingState | undefined, counters: ServingCounters, activeVersion: string): ServingState {
  const others = [...(state?.processes ?? (state ? [state.counters] : []))].filter((c) => c.since !== counters.since);
  return { counters, activeVersion, processes: [counters, ...others].slice(0, SERVING_PROCESSES_KEPT) };
}

export interface ServingPoll {
  /** Null when nothing happened since the previous poll (same process, same counters). */
  point: PerformancePoint | null;
  /** To persist for the next poll. */
  counters: ServingCounters;
}

/** The point of one poll of `modelId`'s serving counters, given the previous poll's (null before any). */
export function servingPoll(modelId: string, report: ServingReport, previous: ServingCounters | null, now: Date): ServingPoll {
  const counters = { since: report.since, items: report.items, runs: report.runs, failures: report.failures };
  const sameProcess = previous !== null && previous.since === report.since;
  let delta = sameProcess
    ? { items: report.items - previous.items, runs: report.runs - previous.runs, failures: report.failures - previous.failures }
    : { items: report.items, runs: report.runs, failures: report.failures };
  // Counters that went down without a new `since` can only be a restart the report did not show.
  if (delta.items < 0 || delta.runs < 0 || delta.failures < 0) delta = { items: report.items, runs: report.runs, failures: report.failures };
  if (sameProcess && delta.items === 0 && delta.runs === 0 && delta.failures === 0) return { point: null, counters };
  const metrics = presentMetrics({ ...delta, latencyP50Ms: report.latencyP50Ms, latencyP99Ms: report.latencyP99Ms, meanBatchSize: report.meanBatchSize });
  // The counters after the poll identify it: a poll repeated after a crash (before its counters were saved) finds its point.
  const id = pointId([modelId, 'serving', report.since, report.items, report.runs, report.failures]);
  return { point: { id, modelId, version: report.version, at: now, source: 'SERVING', metrics }, counters };
}
