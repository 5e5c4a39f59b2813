import { catalogModelById, modelCatalog, modelsWithFeedback } from '@telepulse/models/catalog/model-catalog';
import { mongoProbe } from '@telepulse/platform/probes';
import { SupergraphClient } from '@telepulse/platform/supergraph-client';
import type { SubgraphDeps, SubgraphRuntime } from '@telepulse/platform/subgraph-manifest';
import manifest from '../subgraph.js';
import { supergraphFeedbackSource } from './clients/feedback-batches.js';
import { supergraphServingSource } from './clients/serving-stats.js';
import { createContext, type Context } from './context.js';
import { Monitor } from './domain/monitor.js';
import { loadEnv } from './env.js';
import { feedbackTick } from './pollers/feedback-poller.js';
import { exclusiveTick, pollerLocks } from './pollers/exclusive-tick.js';
import { PollLoop } from './pollers/poll-loop.js';
import { servingTick } from './pollers/serving-poller.js';
import { resolvers } from './resolvers/index.js';
import { AlertStore } from './store/alert-store.js';
import { PointStore } from './store/point-store.js';
import { PollerStateStore } from './store/poller-state-store.js';
import { ThresholdStore } from './store/threshold-store.js';

export interface MonitoringRuntime extends SubgraphRuntime<Context> {
  monitor: Monitor;
  points: PointStore;
  alerts: AlertStore;
  /** The serving and feedback pollers (absent when MONITORING_POLL_MS is 0), and the retention clean-up. */
  loops: { serving?: PollLoop; feedback?: PollLoop; retention: PollLoop };
}

const DAY_MS = 86_400_000;

/** Builds the monitoring subgraph's runtime: its stores, the Monitor, and the pollers it starts (stopped by `dispose`); listens nowhere. */
export async function createRuntime({ db, env }: SubgraphDeps): Promise<MonitoringRuntime> {
  const settings = loadEnv(env);
  const retentionMs = settings.MONITORING_RETENTION_DAYS * DAY_MS;
  const now = () => new Date();
  const points = new PointStore(db, retentionMs);
  const alerts = new AlertStore(db);
  const thresholds = new ThresholdStore(db);
  const state = new PollerStateStore(db);
  const monitor = new Monitor({ points, alerts, thresholds, model: catalogModelById, now, retentionMs });
  const supergraph = new SupergraphClient({ url: settings.GATEWAY_URL, timeoutMs: settings.GATEWAY_TIMEOUT_MS, caller: manifest.name });
  const log = (message: string) => console.warn(message);

  const loops: MonitoringRuntime['loops'] = {
    // Where the server honours the TTL index this finds nothing to do; FerretDB 1.24 refuses TTL indexes.
    retention: new PollLoop('retention', settings.MONITORING_CLEANUP_MS, async () => {
      if ((await points.retentionMode()) === 'cleanup') await points.purgeOlderThan(new Date(Date.now() - retentionMs));
    }),
  };
  if (settings.MONITORING_POLL_MS > 0) {
    // One replica at a time runs each poller's tick: they read and save the state the next tick starts from.
    const locks = pollerLocks(db);
    loops.serving = new PollLoop('serving', settings.MONITORING_POLL_MS, exclusiveTick(locks, 'serving', servingTick({ source: supergraphServingSource(supergraph), state, monitor, catalog: modelCatalog, now })), log);
    loops.feedback = new PollLoop('feedback', settings.MONITORING_POLL_MS, exclusiveTick(locks, 'feedback', feedbackTick({ source: supergraphFeedbackSource(supergraph), state, monitor, models: modelsWithFeedback, now, log })), log);
  }
  for (const loop of Object.values(loops)) loop.start();

  return {
    resolvers,
    context: (scope) => createContext({ monitor, state, thresholds }, scope),
    probes: [mongoProbe(db)],
    dispose: async () => {
      await Promise.all(Object.values(loops).map((loop) => loop.stop()));
    },
    monitor,
    points,
    alerts,
    loops,
  };
}
