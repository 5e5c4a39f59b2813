import type { HealthProbe } from '@telepulse/platform/health';
import type { DriftAlert } from '../domain/drift-alert.js';
import { fromAlertMessage, toAlertMessage, type AlertMessage } from './alert-message.js';
import { openBrokerConnection, type BrokerConnection, type BrokerKind } from './broker-connection.js';

/**
 * Drift alerts across replicas. With a broker (BROKER_URL), a stored alert is published to it
 * and to nothing else; every drift replica subscribes to the topic once at start and hands what
 * arrives to its own live feed, which its subscriptions (and so the gateways routed to it) read.
 * The publishing replica's subscribers get an alert the same way as everyone else's, once.
 *
 * Delivery is at most once (core pub/sub): an alert published while the broker or a replica is
 * away reaches nobody live, and is read from the stored history (the `driftAlerts` query). So a
 * publish never fails a detection: a failure is counted, logged once per outage, and the health
 * probe `broker` says DEGRADED until the broker answers again (the clients reconnect by themselves).
 */

/** The topic every replica publishes alerts to and subscribes to. */
export const ALERT_TOPIC = 'telepulse.drift.alerts';

/** The probe's round trip to the broker, bounded below the health endpoint's own deadline (a lost answer is DEGRADED, not DOWN). */
const PROBE_TIMEOUT_MS = 1000;

/** Plain counters, read by metrics at scrape time. */
export interface AlertBrokerCounters {
  /** Alerts the broker took. */
  published: number;
  /** Alerts that arrived from the broker and went to this replica's feed. */
  received: number;
  /** Alerts the broker could not take (stored all the same). */
  publishFailures: number;
  /** Messages on the topic that were not alerts, dropped. */
  malformed: number;
}

export interface AlertBroker {
  readonly kind: BrokerKind;
  readonly counters: Readonly<AlertBrokerCounters>;
  /** Publishes a stored alert to every replica; never throws (a failure is counted and logged once per outage). */
  publish(alert: DriftAlert): void;
  /** Health check `broker`: UP while the broker answers, DEGRADED while it does not. */
  probe: HealthProbe;
  close(): Promise<void>;
}

export interface AlertBrokerOptions {
  /** redis://host:port[/db] or nats://host:port. */
  url: URL;
  /** Channel prefix: replicas that share it share alerts (drift's database name, so deployments sharing a broker stay apart). */
  channel: string;
  /** Where alerts from the broker go: this replica's live feed. */
  deliver: (alert: DriftAlert) => void;
  /** How long start waits for the broker's first answer before going on without it (it subscribes when the broker comes). */
  startWaitMs: number;
  log?: Pick<Console, 'warn'>;
}

/**
 * Connects to the broker and subscribes this replica to the alert topic, waiting up to
 * `startWaitMs` for the broker to confirm; a broker still away after that does not stop drift
 * from starting (the probe says DEGRADED; the subscription is made when the broker comes).
 */
export async function startAlertBroker({ url, channel, deliver, startWaitMs, log = console }: AlertBrokerOptions): Promise<AlertBroker> {
  const connection: BrokerConnection<AlertMessage> = openBrokerConnection(url, channel, ALERT_TOPIC);
  const counters: AlertBrokerCounters = { published: 0, received: 0, publishFailures: 0, malformed: 0 };
  const where = `${connection.kind} at ${connection.address}`;
  /** Alerts not published since the current outage began (null: no outage seen by a publish). */
  let unpublished: number | null = null;
  connection.onState((up) => {
    if (!up || unpublished === null) return;
    log.warn(`[drift] alert broker (${where}) reachable again: ${unpublished} alert(s) raised meanwhile were stored but reached no live subscriber (the driftAlerts query has them)`);
    unpublished = null;
  });

  const subscribed = connection.subscribe((message) => {
    let alert: DriftAlert;
    try {
      alert = fromAlertMessage(message);
    } catch (error) {
      counters.malformed += 1;
      log.warn(`[drift] dropped a message from the alert broker (${where}): ${(error as Error).message}`);
      return;
    }
    counters.received += 1;
    deliver(alert);
  });
  let closed = false;
  subscribed.catch((error: unknown) => closed || log.warn(`[drift] could not subscribe to alerts on the broker (${where}): ${String(error)}`));
  let timer: NodeJS.Timeout | undefined;
  const waited = await Promise.race([
    subscribed.then(() => true),
    new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), startWaitMs))),
  ]).finally(() => clearTimeout(timer));
  if (!waited) log.warn(`[drift] alert broker (${where}) not reachable within ${startWaitMs} ms: starting without it; live alerts follow once it answers (${connection.lastError() ?? 'no answer yet'})`);

  const failed = (error: unknown) => {
    counters.publishFailures += 1;
    if (unpublished === null) {
      log.warn(`[drift] alert broker (${where}) unreachable: alerts are stored but reach no live subscriber until it is back (logged once per outage): ${String((error as Error)?.message ?? error)}`);
      unpublished = 0;
    }
    unpublished += 1;
  };

  return {
    kind: connection.kind,
    counters,
    publish(alert) {
      let sent: Promise<void>;
      try {
        sent = connection.isUp() ? connection.publish(toAlertMessage(alert)) : Promise.reject(new Error(`not connected (${connection.lastError() ?? 'connecting'})`));
      } catch (error) {
        sent = Promise.reject(error);
      }
      sent.then(() => void (counters.published += 1), failed);
    },
    probe: async () => {
      const details = { broker: connection.kind, address: connection.address, published: counters.published, received: counters.received, publishFailures: counters.publishFailures };
      if (connection.isUp()) {
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([
            connection.roundTrip(),
            new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS))),
          ]).finally(() => clearTimeout(timer));
          return { name: 'broker', status: 'UP', details };
        } catch (error) {
          return { name: 'broker', status: 'DEGRADED', details, error: `${where} did not answer: ${(error as Error).message}` };
        }
      }
      return { name: 'broker', status: 'DEGRADED', details, error: `${where} unreachable (${connection.lastError() ?? 'connecting'}): alerts are stored, not pushed live` };
    },
    close: () => {
      closed = true;
      return connection.close();
    },
  };
}
