import { EventBus } from '@telepulse/platform/event-bus';
import { mongoProbe } from '@telepulse/platform/probes';
import { SupergraphClient } from '@telepulse/platform/supergraph-client';
import type { SubgraphDeps, SubgraphRuntime } from '@telepulse/platform/subgraph-manifest';
import manifest from '../subgraph.js';
import { supergraphErrorStream } from './clients/feedback-errors.js';
import { supergraphServedInputs, type ServedInputsReader } from './clients/served-inputs.js';
import { createContext, type Context } from './context.js';
import { watchedModel, watchedModels } from './detection/catalog-models.js';
import { checkDataDrift } from './detection/data-drift-check.js';
import { startPerformancePoller, type Poller } from './detection/performance-poller.js';
import { detectPerformanceDrift, type PerformanceDriftDeps } from './detection/performance-drift.js';
import type { ErrorStreamReader } from './clients/feedback-errors.js';
import type { DriftAlert } from './domain/drift-alert.js';
import { loadEnv } from './env.js';
import { resolvers } from './resolvers/index.js';
import { AlertStore } from './store/alert-store.js';
import { DetectorStore } from './store/detector-store.js';

export interface DriftRuntime extends SubgraphRuntime<Context> {
  /** Live alerts (tests publish and count subscribers). */
  feed: EventBus<DriftAlert>;
  alerts: AlertStore;
  poller: Poller | null;
  supergraph: SupergraphClient;
}

/**
 * Builds the drift subgraph's runtime: its stores (indexes created), the live alert feed, and
 * the poller that runs performance detection as feedback arrives; listens nowhere. `readers`
 * replaces the gateway reads (tests).
 */
export async function createRuntime({ db, env }: SubgraphDeps, readers?: { errors?: ErrorStreamReader; inputs?: ServedInputsReader }): Promise<DriftRuntime> {
  const settings = loadEnv(env);
  const supergraph = new SupergraphClient({ url: settings.GATEWAY_URL, timeoutMs: settings.GATEWAY_TIMEOUT_MS, caller: manifest.name });
  const alerts = new AlertStore(db);
  const detectors = new DetectorStore(db);
  await alerts.ensureIndexes().catch((error: unknown) => console.warn(`[drift] alert indexes not created yet (created on the next start): ${String(error)}`));
  const feed = new EventBus<DriftAlert>(settings.DRIFT_MAX_QUEUED_EVENTS);
  const now = () => new Date();
  const performance: PerformanceDriftDeps = {
    errors: readers?.errors ?? supergraphErrorStream(supergraph),
    detectors,
    alerts,
    publish: (alert) => feed.publish(alert),
    pageSize: settings.DRIFT_PAGE_SIZE,
    maxPages: settings.DRIFT_MAX_PAGES,
    now,
  };
  const inputs = readers?.inputs ?? supergraphServedInputs(supergraph);
  const services = {
    alerts,
    feed,
    detectPerformance: (modelId: string, scope: Parameters<typeof detectPerformanceDrift>[2]) => {
      watchedModel(modelId);
      return detectPerformanceDrift(modelId, performance, scope);
    },
    detectData: (modelId: string, window: Parameters<typeof checkDataDrift>[2], scope: Parameters<typeof checkDataDrift>[4]) => {
      const model = watchedModel(modelId);
      return checkDataDrift(modelId, { recent: model.recent, serving: model.serving }, window, { inputs, alerts, publish: (a) => feed.publish(a), now }, scope);
    },
  };
  const poller =
    settings.DRIFT_POLL_MS > 0
      ? startPerformancePoller({
          models: watchedModels().map((m) => m.id),
          intervalMs: settings.DRIFT_POLL_MS,
          detect: (modelId, scope) => detectPerformanceDrift(modelId, performance, scope),
        })
      : null;
  return {
    resolvers,
    context: (scope) => createContext(services, scope),
    probes: [mongoProbe(db)],
    dispose: async () => {
      await poller?.stop();
      feed.close();
    },
    feed,
    alerts,
    poller,
    supergraph,
  };
}
