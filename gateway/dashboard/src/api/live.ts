/**
 * The dashboard's one live connection: a graphql-ws client on the gateway's /graphql WebSocket
 * (same origin), opened at start and kept open, retried forever with capped backoff. It carries
 * the token in `connectionParams.authorization` (the gateway admits a connection like an HTTP
 * request) and reconnects when the token changes. Over it runs the `driftAlerts` subscription:
 * every alert of this session, newest first, for the badge, the toasts and the Models page.
 * Its state (connecting → connected → reconnecting …) is shown in the header and tells
 * use-query when to refetch after an outage. The state is the alert feed's, not only the
 * socket's: when the gateway ends the subscription (drift, the alerts' source, stayed away past
 * the gateway's own reconnection attempts) it is `reconnecting` until the feed is back.
 */
import { createClient, type Client } from 'graphql-ws';
import { useEffect, useState } from 'preact/hooks';
import { LiveDriftAlertsDocument, MissedDriftAlertsDocument, SystemHealthLightDocument, type LiveDriftAlertFieldsFragment, type LiveDriftAlertsSubscription } from '../__generated__/graphql.js';
import { GRAPHQL_PATH, request, sourceOf } from './request.js';
import { getToken, onTokenChange } from './token.js';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'closed';
/** One drift alert as the subscription delivers it. */
export type DriftAlert = LiveDriftAlertFieldsFragment;

/** At most this many alerts are kept for the session (newest first); older ones are on the Models page's history. */
const MAX_ALERTS = 200;
/** Backoff between reconnection attempts: 0.5 s doubling to at most 10 s, with jitter so many tabs do not retry in step. */
const retryDelayMs = (attempt: number) => Math.min(10_000, 500 * 2 ** Math.min(attempt, 5)) * (0.75 + Math.random() / 2);

let state: ConnectionState = 'closed';
let alerts: DriftAlert[] = [];
let client: Client | undefined;
let unsubscribeAlerts: (() => void) | undefined;
let everConnected = false;
/** When the connection was lost (ms), while it is. */
let lostAt: number | null = null;
/** Alerts stored this long before the connection was lost are looked for too (clocks differ a little). */
const CATCH_UP_MARGIN_MS = 5_000;
/** The socket to the gateway is open. */
let socketOpen = false;
/** The gateway ended the alert subscription and it is not known to be back yet. */
let feedDown = false;
/** The subgraph the alerts come from, as systemHealth names it. */
const ALERT_SOURCE = 'drift';
/** How often a resubscribed feed asks whether its source is back. */
const CONFIRM_EVERY_MS = 2_000;
const stateListeners = new Set<(state: ConnectionState) => void>();
const alertListeners = new Set<(alert: DriftAlert) => void>();
const alertListListeners = new Set<(alerts: DriftAlert[]) => void>();
const reconnectListeners = new Set<() => void>();

function setState(next: ConnectionState): void {
  if (next === state) return;
  const wasDown = state !== 'connected';
  state = next;
  for (const listener of stateListeners) listener(next);
  if (next !== 'connected' && everConnected && lostAt === null) lostAt = Date.now();
  // Back after an outage (not the first connection): whatever the pages show may be stale, and alerts raised meanwhile were not pushed.
  if (next === 'connected' && wasDown && everConnected) {
    const since = lostAt;
    lostAt = null;
    if (since !== null) void catchUp(since);
    for (const listener of reconnectListeners) listener();
  }
  if (next === 'connected') everConnected = true;
}

function receive(alert: DriftAlert): void {
  if (alerts.some((known) => known.id === alert.id)) return;
  alerts = [alert, ...alerts].slice(0, MAX_ALERTS);
  for (const listener of alertListeners) listener(alert);
  for (const listener of alertListListeners) listener(alerts);
}

/** Receives the stored alerts detected since the connection was lost at `lost` (ms), which the subscription could not push meanwhile. */
async function catchUp(lost: number): Promise<void> {
  try {
    const { data } = await request(MissedDriftAlertsDocument, {});
    const missed = (data?.driftAlerts ?? []).filter((alert) => Date.parse(alert.detectedAt) >= lost - CATCH_UP_MARGIN_MS);
    // Oldest first, so the newest ends up first in the list.
    for (const alert of missed.reverse()) receive(alert);
  } catch {
    // The gateway went away again: the next reconnection catches up from this earlier loss.
    if (lostAt === null || lostAt > lost) lostAt = lost;
  }
}

/** The WebSocket URL of the gateway: the page's own origin, ws or wss as the page is served. */
export function liveUrl(): string {
  const url = new URL(GRAPHQL_PATH, location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

function connect(): void {
  const created = createClient({
    url: liveUrl(),
    lazy: false,
    // Read on every (re)connection, so a token pasted later is used by the next one.
    connectionParams: () => {
      const token = getToken();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    retryAttempts: Infinity,
    // Every close is worth another try (a restarted gateway, a refused token that may be replaced): the state shows what happens meanwhile.
    shouldRetry: () => true,
    retryWait: (attempt) => new Promise((resolve) => setTimeout(resolve, retryDelayMs(attempt))),
    // Pings let a dead connection (a gateway killed without a close frame) be noticed within seconds.
    keepAlive: 10_000,
    on: {
      connecting: () => setState(everConnected ? 'reconnecting' : 'connecting'),
      connected: () => {
        socketOpen = true;
        setState(feedDown ? 'reconnecting' : 'connected');
      },
      closed: () => {
        socketOpen = false;
        if (client === created) setState(everConnected ? 'reconnecting' : 'connecting');
      },
    },
  });
  client = created;
  subscribeAlerts(created);
}

function subscribeAlerts(on: Client): void {
  let ended = false;
  // A subscription the gateway ended (an error, an upstream that went away) is opened again, as the connection is.
  const lost = () => {
    ended = true;
    feedDown = true;
    if (client === on) setState('reconnecting');
    resubscribeLater(on);
  };
  unsubscribeAlerts = on.subscribe<LiveDriftAlertsSubscription>(
    { query: sourceOf(LiveDriftAlertsDocument) },
    {
      next: (result) => {
        if (result.data?.driftAlerts) receive(result.data.driftAlerts);
      },
      error: lost,
      complete: lost,
    },
  );
  if (feedDown) void confirmFeed(on, () => ended);
}

/**
 * A resubscribed feed is live again once the gateway reports its source UP: graphql-ws
 * acknowledges no subscription, and one opened while drift was still away ends again (and
 * comes back here). Asked every CONFIRM_EVERY_MS until then, or until this subscription ends.
 */
async function confirmFeed(on: Client, ended: () => boolean): Promise<void> {
  while (client === on && feedDown && !ended()) {
    const up = await request(SystemHealthLightDocument, {}).then(
      (result) => result.data?.systemHealth.services.some((s) => s.name === ALERT_SOURCE && s.status === 'UP') ?? false,
      () => false,
    );
    if (up && client === on && !ended()) {
      feedDown = false;
      if (socketOpen) setState('connected');
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, CONFIRM_EVERY_MS));
  }
}

function resubscribeLater(on: Client): void {
  const ended = Date.now();
  setTimeout(() => {
    if (client !== on) return;
    subscribeAlerts(on);
    void catchUp(ended);
  }, retryDelayMs(2));
}

/** Opens the live connection (once; main.tsx calls it at start). */
export function startLive(): void {
  if (client) return;
  setState('connecting');
  connect();
  // A new token: the connection is admitted again with it.
  onTokenChange(() => {
    const old = client;
    unsubscribeAlerts?.();
    client = undefined;
    void old?.dispose();
    connect();
  });
}

/** Closes the live connection for good (state `closed`). */
export function stopLive(): void {
  const old = client;
  client = undefined;
  unsubscribeAlerts?.();
  void old?.dispose();
  setState('closed');
}

/** The connection's state now. */
export function connectionState(): ConnectionState {
  return state;
}

/** Every drift alert received this session, newest first. */
export function driftAlerts(): readonly DriftAlert[] {
  return alerts;
}

/** Calls `listener` with each new drift alert as it arrives; returns the unsubscribe. */
export function onDriftAlert(listener: (alert: DriftAlert) => void): () => void {
  alertListeners.add(listener);
  return () => alertListeners.delete(listener);
}

/** Calls `listener` whenever the connection state changes; returns the unsubscribe. */
export function onConnectionState(listener: (state: ConnectionState) => void): () => void {
  stateListeners.add(listener);
  return () => stateListeners.delete(listener);
}

/** Calls `listener` when the connection comes back after having been lost (pages refetch); returns the unsubscribe. */
export function onReconnect(listener: () => void): () => void {
  reconnectListeners.add(listener);
  return () => reconnectListeners.delete(listener);
}

/** The connection state, re-rendering on every change. */
export function useConnectionState(): ConnectionState {
  const [current, setCurrent] = useState(state);
  useEffect(() => {
    setCurrent(state);
    return onConnectionState(setCurrent);
  }, []);
  return current;
}

/** The drift alerts received this session, newest first, re-rendering as each arrives. */
export function useDriftAlerts(): DriftAlert[] {
  const [current, setCurrent] = useState(alerts);
  useEffect(() => {
    setCurrent(alerts);
    const off = () => alertListListeners.delete(setCurrent);
    alertListListeners.add(setCurrent);
    return off;
  }, []);
  return current;
}
