import { randomUUID } from 'node:crypto';
import type { GraphQLDataSource } from '@apollo/gateway';
import type { AdaptationSettings } from '../env.js';
import type { SubscriptionPlanner } from '../subscriptions/subscription-planner.js';
import { upstreamSubscriptions } from '../subscriptions/upstream-subscriptions.js';
import type { SubscriptionSettings } from '../subscriptions/websocket-endpoint.js';
import { AdaptationCoordinator } from './pipeline/adaptation-coordinator.js';
import { loopbackCaller, PIPELINE_IDENTITY } from './pipeline/loopback-caller.js';
import { startDriftTrigger } from './triggers/drift-alerts.js';
import { startSchedule } from './triggers/schedule.js';

export interface AdaptationDeps {
  settings: AdaptationSettings;
  /** The gateway's own /graphql (known once it listens). */
  url: () => string;
  subgraphSecret: string;
  /** GATEWAY_DEADLINE_MS: how long one step's operation may take. */
  deadlineMs: number;
  planner: () => SubscriptionPlanner | undefined;
  dataSources: ReadonlyMap<string, GraphQLDataSource>;
  urlOf: (subgraph: string) => string | undefined;
  subscriptions: SubscriptionSettings;
}

/**
 * The adaptive pipeline in the gateway: the coordinator the adaptation subgraph's mutations
 * start runs with, and, once the gateway listens (`startTriggers`), its schedule
 * (ADAPTATION_SCHEDULE_MS) and its subscription to its own drift alerts (ADAPTATION_ON_DRIFT,
 * ADAPTATION_MIN_SEVERITY). `stop` ends the triggers, then the runs in flight.
 */
export function startAdaptation(deps: AdaptationDeps) {
  const { settings } = deps;
  const callerFor = (identity: typeof PIPELINE_IDENTITY, trace: { requestId: string; via: readonly string[] }) =>
    loopbackCaller({ url: deps.url, subgraphSecret: deps.subgraphSecret, identity, trace: { requestId: trace.requestId, via: [...trace.via] }, timeoutMs: deps.deadlineMs });
  const coordinator = new AdaptationCoordinator({ callerFor, settings: { jobTimeoutMs: settings.jobTimeoutMs, pollMs: settings.pollMs } });
  const stops: (() => Promise<void> | void)[] = [];

  return {
    coordinator,
    startTriggers() {
      if (settings.scheduleMs > 0) {
        const schedule = startSchedule({
          periodMs: settings.scheduleMs,
          coordinator,
          call: callerFor(PIPELINE_IDENTITY, { requestId: `adaptation-schedule-${randomUUID()}`, via: [] }),
        });
        stops.push(() => schedule.stop());
      }
      if (settings.onDrift) {
        const trace = { requestId: `adaptation-drift-${randomUUID()}`, via: [] };
        const drift = startDriftTrigger({
          minSeverity: settings.minSeverity,
          coordinator,
          planner: deps.planner,
          retryWaitMs: Math.max(deps.subscriptions.retryWaitMs, 100),
          // Upstream sockets of their own per attempt: a client that gave up reconnecting starts afresh.
          upstream: () => upstreamSubscriptions({ urlOf: deps.urlOf, subgraphSecret: deps.subgraphSecret, identity: PIPELINE_IDENTITY, timeoutMs: deps.deadlineMs, settings: deps.subscriptions }),
          runtime: (open) => ({
            dataSources: deps.dataSources,
            open,
            scopeOfEvent: async () => ({ identity: PIPELINE_IDENTITY, trace, signal: AbortSignal.timeout(deps.deadlineMs), deadline: Date.now() + deps.deadlineMs }),
            maxPendingEvents: deps.subscriptions.maxPendingEvents,
          }),
        });
        stops.push(() => drift.stop());
      }
    },
    async stop() {
      for (const stop of stops.splice(0).reverse()) await stop();
      await coordinator.stop();
    },
  };
}
