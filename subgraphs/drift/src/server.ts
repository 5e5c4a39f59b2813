import { EventBus } from '@telepulse/platform/event-bus';
import { mongoProbe } from '@telepulse/platform/probes';
import { scrapedMetric } from '@telepulse/platform/scraped-metric';
import type { ServiceMetrics } from '@telepulse/platform/service-metrics';
import { SupergraphClient } from '@telepulse/platform/supergraph-client';
import type { SubgraphDeps, SubgraphRuntime } from '@telepulse/platform/subgraph-manifest';
import manifest from '../subgraph.js';
import { supergraphErrorStream } from './clients/feedback-errors.js';
import { supergraphServedInputs, type ServedInputsReader } from './clients/served-inputs.js';
import { createContext, type Context } from './context.js';
import { watchedModel, watchedModels } from './detection/catalog-models.js';
import { checkDataDrift } from './detection/data-drift-check.js';
import { detectionProbe } from './detection/detection-probe.js';
import { startPerformancePoller, type Poller } from './detection/performance-poller.js';
import { detectPerformanceDrift, type PerformanceDriftDeps } from './detection/performance-drift.js';
import type { ErrorStreamReader } from './clients/feedback-errors.js';
import type { DriftAlert } from './domain/drift-alert.js';
import { loadEnv } from './env.js';
import { startAlertBroker, type AlertBroker } from './live/alert-broker.js';
import { resolvers } from './resolvers/index.js';
import { AlertStore } from './store/alert-store.js';
import { DetectorStore } from './store/detector-store.js';

export interface DriftRuntime extends SubgraphRuntime<Context> {
  /** Live alerts of this replica's subscribers (tests count them). */
  feed: EventBus<DriftAlert>;
  /**
   * What detection calls with each alert it stored: to the broker when there is one (which hands
   * it to every replica's feed, this one's too), else straight to the feed. Tests raise alerts with it.
   */
  publish: (alert: DriftAlert) => void;
  /** The alert broker (BROKER_URL), null when alerts stay in this process. */
  broker: AlertBroker | null;
  alerts: AlertStore;
  poller: Poller | null;
  supergraph: SupergraphClient;
}

/**
 * Builds the drift subgraph's runtime: its stores (indexes created), the live alert feed, and
 * the poller that runs performance detection as feedback arrives; listens nowhere. `readers`
 * replaces the gateway reads (tests).
 */
export async function createRuntime({ db, env, metrics }: SubgraphDeps, readers?: { errors?: ErrorStreamReader; inputs?: ServedInputsReader }): Promise<DriftRuntime> {
  const settings = loadEnv(env);
  const supergraph = new SupergraphClient({ url: settings.GATEWAY_URL, timeoutMs: settings.GATEWAY_TIMEOUT_MS, caller: manifest.name });
  const alerts = new AlertStore(db);
  const detectors = new DetectorStore(db);
  await alerts.ensureIndexes().catch((error: unknown) => console.warn(`[drift] alert indexes not created yet (created on the next start): ${String(error)}`));
  const feed = new EventBus<DriftAlert>(settings.DRIFT_MAX_QUEUED_EVENTS);
  // Replicas sharing a database share alerts: the database name is the channel's prefix.
  const broker = settings.BROKER_URL
    ? await startAlertBroker({ url: settings.BROKER_URL, channel: db.databaseName, deliver: (alert) => feed.publish(alert), startWaitMs: settings.BROKER_START_WAIT_MS })
    : null;
  if (broker && metrics) brokerMetrics(metrics, broker);
  const publish = broker ? (alert: DriftAlert) => broker.publish(alert) : (alert: DriftAlert) => feed.publish(alert);
  const now = () => new Date();
  const performance: PerformanceDriftDeps = {
    errors: readers?.errors ?? supergraphErrorStream(supergraph),
    detectors,
    alerts,
    publish,
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
      return checkDataDrift(modelId, { recent: model.recent, serving: model.serving }, window, { inputs, alerts, publish, now }, scope);
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
    probes: [mongoProbe(db), detectionProbe(poller, () => feed.size, Math.max(3 * settings.DRIFT_POLL_MS, 60_000)), ...(broker ? [broker.probe] : [])],
    dispose: async () => {
      await poller?.stop();
      await broker?.close();
      feed.close();
    },
    feed,
    publish,
    broker,
    alerts,
    poller,
    supergraph,
  };
}

/** The broker's counters on drift's /metrics, read at scrape time, labelled by broker (redis, nats). */
function brokerMetrics(metrics: ServiceMetrics, broker: AlertBroker): void {
  const counter = (name: string, help: string, read: (c: AlertBroker['counters']) => number) =>
    scrapedMetric(metrics.registry, 'counter', { name, help, label: 'broker' }, () => [[broker.kind, read(broker.counters)]]);
  counter('telepulse_drift_alerts_published_total', 'Stored drift alerts the broker took, to reach every replica', (c) => c.published);
  counter('telepulse_drift_alerts_received_total', "Drift alerts that arrived from the broker and went to this replica's subscribers", (c) => c.received);
  counter('telepulse_drift_alert_publish_failures_total', 'Stored drift alerts the broker could not take (it was unreachable): in the history, not pushed live', (c) => c.publishFailures);
  counter('telepulse_drift_alert_messages_malformed_total', 'Messages on the alert topic that were not drift alerts, dropped', (c) => c.malformed);
}
