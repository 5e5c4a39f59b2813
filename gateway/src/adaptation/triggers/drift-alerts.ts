import { setTimeout as sleep } from 'node:timers/promises';
import { print, validate } from 'graphql';
import type { GatewayExecutionResult } from '@apollo/server-gateway-interface';
import { AdaptationDriftAlertsDocument, type AdaptationDriftAlertsSubscription } from '../__generated__/supergraph-operations.js';
import type { AdaptationCoordinator } from '../pipeline/adaptation-coordinator.js';
import type { Severity } from '../pipeline/adaptation-policy.js';
import { PIPELINE_IDENTITY } from '../pipeline/loopback-caller.js';
import { executeSubscription, type SubscriptionRuntime } from '../../subscriptions/execute-subscription.js';
import type { SubscriptionPlanner } from '../../subscriptions/subscription-planner.js';
import type { OpenUpstream } from '../../subscriptions/upstream-subscriptions.js';

/** The longest pause between two attempts to subscribe again. */
const MAX_WAIT_MS = 30_000;

export interface DriftTriggerOptions {
  minSeverity: Severity;
  coordinator: AdaptationCoordinator;
  /** The gateway's planner, once it has loaded its schema. */
  planner: () => SubscriptionPlanner | undefined;
  /** Upstream subscriptions as PIPELINE_IDENTITY: a fresh set per attempt, disposed when it ends. */
  upstream: () => { open: OpenUpstream; dispose(): Promise<void> };
  /** How a subscription runs in the gateway (its data sources), opening upstream with `open`. */
  runtime: (open: OpenUpstream) => SubscriptionRuntime;
  /** The first pause before subscribing again after the subscription ended (SUBSCRIPTION_RETRY_WAIT_MS), doubled each time up to 30 s. */
  retryWaitMs: number;
  log?: (line: string) => void;
}

/**
 * The gateway subscribed to its own `driftAlerts(minSeverity:)`, in-process: the subscription
 * planned by the supergraph's planner and run by `executeSubscription`, as a WebSocket client's
 * would be, with no socket to itself. Each alert starts `coordinateAdaptation(model, DRIFT_ALERT)`
 * as PIPELINE_IDENTITY; a model whose run is still going is skipped (its lease: CONFLICT, logged).
 * The upstream machinery reconnects to a restarted drift subgraph; when it gives up, the
 * subscription is opened again after a pause, for as long as the gateway runs. `stop` ends it.
 */
export function startDriftTrigger(options: DriftTriggerOptions): { stop(): Promise<void> } {
  const log = options.log ?? ((line) => console.log(`[gateway] ${line}`));
  const stopping = new AbortController();
  const source = print(AdaptationDriftAlertsDocument);
  let current: AsyncGenerator<GatewayExecutionResult, void, undefined> | undefined;

  const onAlert = (alert: AdaptationDriftAlertsSubscription['driftAlerts']) => {
    options.coordinator.start(alert.model.id, 'DRIFT_ALERT', PIPELINE_IDENTITY, { alert: { id: alert.id, severity: alert.severity } }).then(
      (run) => log(`drift alert ${alert.id} (${alert.kind} ${alert.severity}) on ${alert.model.id}: adaptation run ${run.id} started`),
      (error: Error) => log(`drift alert ${alert.id} on ${alert.model.id}: no adaptation run started: ${error.message}`),
    );
  };

  const watch = async () => {
    let wait = options.retryWaitMs;
    while (!stopping.signal.aborted) {
      const planner = options.planner();
      if (planner) {
        const document = AdaptationDriftAlertsDocument;
        const [invalid] = validate(planner.apiSchema, document);
        if (invalid) {
          log(`the drift-alert subscription does not fit the supergraph served: ${invalid.message}; adaptation on drift is off`);
          return;
        }
        const variables = { minSeverity: options.minSeverity };
        const upstream = options.upstream();
        try {
          const plan = planner.plan(source, document, 'AdaptationDriftAlerts');
          current = executeSubscription({ planner, plan, source, operationName: 'AdaptationDriftAlerts', variables }, options.runtime(upstream.open));
          for await (const event of current) {
            wait = options.retryWaitMs;
            const alert = (event.data as AdaptationDriftAlertsSubscription | null | undefined)?.driftAlerts;
            if (alert) onAlert(alert);
            else log(`drift alert event without an alert: ${event.errors?.[0]?.message ?? 'no data'}`);
          }
        } catch (error) {
          if (!stopping.signal.aborted) log(`the drift-alert subscription ended: ${(error as Error).message}; subscribing again in ${wait} ms`);
        } finally {
          await upstream.dispose().catch(() => undefined);
        }
      }
      await sleep(wait, undefined, { signal: stopping.signal }).catch(() => undefined);
      wait = Math.min(wait * 2, MAX_WAIT_MS);
    }
  };
  const watching = watch();

  return {
    async stop() {
      stopping.abort();
      await current?.return(undefined);
      await watching;
    },
  };
}
