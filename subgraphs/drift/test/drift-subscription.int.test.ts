import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { bodySha256, gatewayProofHeaders, signGatewayProof } from '@telepulse/platform/gateway-proof';
import { startSubgraph, type RunningSubgraph } from '@telepulse/platform/run-subgraph';
import { testMongo } from '../../../test/support/mongo.js';
import { pollUntil } from '../../../test/support/poll.js';
import manifest from '../subgraph.js';
import type { DriftRuntime } from '../src/server.js';
import type { DriftAlert } from '../src/domain/drift-alert.js';
import { SeededRandom } from '../src/calibration/random.js';

const SECRET = 'drift-subscription-test-secret-0123456789abcdef';

/**
 * The drift subgraph on its own (no gateway): its error stream is served by a stand-in for the
 * gateway answering feedbackErrors from a list, and the test speaks to it as the gateway does,
 * with proofs (HTTP: over the body; WebSocket: over 'graphql-ws' in connection_init).
 */
/** Waits for `condition` (something the server does on its own), never asserting how long it took. */
const waitFor = (condition: () => boolean) => pollUntil(async () => condition(), (ok) => ok, { timeoutMs: 15_000, intervalMs: 20 });

describe('Subscription.driftAlerts on the drift subgraph', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  let drift: RunningSubgraph<DriftRuntime>;
  let gateway: http.Server;
  const errors: { feedbackId: string; predictionId: string; modelVersion: string; receivedAt: string; error: number }[] = [];
  const clients: Client[] = [];
  const gatewayUrl = () => `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/graphql`;

  const proof = (body: string, scopes: string[] = []) =>
    signGatewayProof(SECRET, {
      audience: 'drift',
      identity: scopes.length > 0 ? { subject: 'tester', scopes } : null,
      trace: { requestId: `t-${Math.random()}`, via: [] },
      timeoutMs: 30_000,
      bodySha256: bodySha256(body),
    });

  async function post(query: string, variables: Record<string, unknown> = {}, scopes = ['admin']) {
    const body = JSON.stringify({ query, variables });
    const response = await fetch(drift.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...gatewayProofHeaders(await proof(body, scopes)) },
      body,
    });
    return (await response.json()) as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  }

  function connect(authorization: () => Promise<string | undefined>, onClose?: (code: number) => void) {
    const client = createClient({
      url: drift.url.replace('http://', 'ws://'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: true,
      connectionParams: async () => {
        const token = await authorization();
        return token ? { authorization: `Bearer ${token}` } : {};
      },
      on: { closed: (event) => onClose?.((event as { code: number }).code) },
    });
    clients.push(client);
    return client;
  }

  /** Subscribes; events and how it ended are collected. */
  function subscribe(client: Client, query: string) {
    const seen = { events: [] as any[], errors: [] as unknown[], completed: false };
    const unsubscribe = client.subscribe(
      { query },
      {
        next: (value) => void seen.events.push(value),
        error: (error) => void seen.errors.push(error),
        complete: () => void (seen.completed = true),
      },
    );
    return { seen, unsubscribe };
  }

  /** Errors of an engagement model: 600 around 0.02, then 600 around 0.06 (the model got worse). */
  function feed() {
    const r = new SeededRandom(7);
    for (let i = 0; i < 1200; i++) {
      errors.push({
        feedbackId: `f${String(i).padStart(5, '0')}`,
        predictionId: `p${i}`,
        modelVersion: 'v1',
        receivedAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
        error: Math.abs(r.normal()) * (i < 600 ? 0.02 : 0.06),
      });
    }
  }

  beforeAll(async () => {
    mongo = await testMongo();
    gateway = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        const { variables } = JSON.parse(raw) as { variables: { modelId: string; after: string | null; limit: number } };
        const from = variables.after === null ? 0 : Number(variables.after);
        const items = variables.modelId === 'engagement' ? errors.slice(from, from + variables.limit) : [];
        const cursor = items.length > 0 ? String(from + items.length) : variables.after;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ data: { feedbackErrors: { items: items.map((i) => ({ ...i, model: { id: 'engagement' } })), cursor } } }));
      });
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    const env = { GATEWAY_URL: gatewayUrl(), DRIFT_POLL_MS: '0', DRIFT_MAX_QUEUED_EVENTS: '3' };
    drift = await startSubgraph(manifest, { db: mongo.db('drift'), env }, { port: 0, subgraphSecret: SECRET });
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await drift?.stop();
    await new Promise((resolve) => gateway?.close(resolve));
    await mongo.drop();
  });

  it('refuses a connection without a gateway proof, or with an HTTP request\'s proof, with 4403 before any operation', async () => {
    for (const authorization of [async () => undefined, async () => proof('{"query":"{__typename}"}'), async () => 'not-a-jwt']) {
      let code = 0;
      const client = connect(authorization, (c) => (code = c));
      const { seen } = subscribe(client, 'subscription { driftAlerts { id } }');
      await waitFor(() => code !== 0 || seen.errors.length > 0);
      expect(code).toBe(4403);
      expect(seen.events).toEqual([]);
    }
    expect(drift.runtime.feed.size).toBe(0);
  });

  it('pushes the alert a detection stores to a subscriber of that model, and the history has it', async () => {
    const client = connect(() => proof('graphql-ws'));
    const engagement = subscribe(client, 'subscription { driftAlerts(modelId: "engagement", minSeverity: LOW) { id kind severity reason detectors model { id } modelVersion meanErrorBefore meanErrorAfter } }');
    const growth = subscribe(client, 'subscription { driftAlerts(modelId: "growth") { id } }');
    await waitFor(() => drift.runtime.feed.size === 2);
    feed();
    const result = await post('mutation { detectPerformanceDrift(modelId: "engagement") { itemsRead itemsSeen severity reason modelVersion alerts { id severity detectors } } }');
    expect(result.errors).toBeUndefined();
    const detection = result.data.detectPerformanceDrift;
    expect(detection.itemsRead).toBe(1200);
    expect(detection.modelVersion).toBe('v1');
    expect(detection.alerts.length).toBeGreaterThan(0);
    expect(['MEDIUM', 'HIGH']).toContain(detection.severity);
    await waitFor(() => engagement.seen.events.length >= Math.min(detection.alerts.length, 3));
    const first = engagement.seen.events[0].data.driftAlerts;
    expect(first).toMatchObject({ id: detection.alerts[0].id, kind: 'PERFORMANCE', model: { id: 'engagement' }, modelVersion: 'v1' });
    expect(first.meanErrorAfter).toBeGreaterThan(first.meanErrorBefore);
    expect(growth.seen.events).toEqual([]);

    const history = await post('{ driftAlerts(modelId: "engagement") { id } _entities(representations: [{ __typename: "Model", id: "engagement" }]) { ... on Model { driftHistory(limit: 5) { id } } } }', {}, []);
    expect(history.data.driftAlerts.map((a: { id: string }) => a.id)).toEqual(expect.arrayContaining(detection.alerts.map((a: { id: string }) => a.id)));
    expect(history.data._entities[0].driftHistory.length).toBeGreaterThan(0);
    engagement.unsubscribe();
    growth.unsubscribe();
    await waitFor(() => drift.runtime.feed.size === 0);
  });

  it('continues from the stored cursor: a second detection reads nothing new and raises nothing again', async () => {
    const again = await post('mutation { detectPerformanceDrift(modelId: "engagement") { itemsRead itemsSeen alerts { id } severity } }');
    expect(again.data.detectPerformanceDrift).toMatchObject({ itemsRead: 0, itemsSeen: 1200, alerts: [], severity: 'NONE' });
  });

  it('keeps its detector state across a restart: the new process continues from the stored cursor and detectors', async () => {
    const env = { GATEWAY_URL: gatewayUrl(), DRIFT_POLL_MS: '0', DRIFT_MAX_QUEUED_EVENTS: '3' };
    await drift.stop();
    drift = await startSubgraph(manifest, { db: mongo.db('drift'), env }, { port: 0, subgraphSecret: SECRET });
    const resumed = await post('mutation { detectPerformanceDrift(modelId: "engagement") { itemsRead itemsSeen windowSize } }');
    expect(resumed.data.detectPerformanceDrift).toMatchObject({ itemsRead: 0, itemsSeen: 1200 });
    expect(resumed.data.detectPerformanceDrift.windowSize).toBeGreaterThan(0);
    const r = new SeededRandom(8);
    for (let i = 1200; i < 1300; i++) {
      errors.push({ feedbackId: `f${String(i).padStart(5, '0')}`, predictionId: `p${i}`, modelVersion: 'v1', receivedAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(), error: Math.abs(r.normal()) * 0.06 });
    }
    const more = await post('mutation { detectPerformanceDrift(modelId: "engagement") { itemsRead itemsSeen } }');
    expect(more.data.detectPerformanceDrift).toEqual({ itemsRead: 100, itemsSeen: 1300 });
  });

  it('answers BAD_USER_INPUT naming modelId for an unknown model, and FORBIDDEN without the admin scope', async () => {
    const unknown = await post('mutation { detectPerformanceDrift(modelId: "nope") { itemsRead } }');
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'modelId' });
    const cnn = await post('mutation { detectPerformanceDrift(modelId: "content-cnn") { itemsRead } }');
    expect(cnn.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'modelId' });
    const forbidden = await post('mutation { detectPerformanceDrift(modelId: "engagement") { itemsRead } }', {}, ['read']);
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('answers a subscription to an unknown model, and a history limit out of range, with BAD_USER_INPUT naming the field', async () => {
    const client = connect(() => proof('graphql-ws'));
    const unknown = subscribe(client, 'subscription { driftAlerts(modelId: "nope") { id } }');
    await waitFor(() => unknown.seen.events.length > 0 || unknown.seen.errors.length > 0);
    const errors = unknown.seen.events[0]?.errors ?? unknown.seen.errors;
    expect(JSON.stringify(errors)).toMatch(/BAD_USER_INPUT/);
    expect(JSON.stringify(errors)).toMatch(/"field":"modelId"/);
    const history = await post('{ driftAlerts(limit: 0) { id } }', {}, []);
    expect(history.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'limit' });
    await waitFor(() => drift.runtime.feed.size === 0);
  });

  it('drops a subscriber that falls more than the queue bound behind with an error event, not an unbounded buffer', async () => {
    // A raw socket that never reads: the server's sends pile up in the bus's queue for it.
    const client = connect(() => proof('graphql-ws'));
    const slow = subscribe(client, 'subscription { driftAlerts { id } }');
    await waitFor(() => drift.runtime.feed.size === 1);
    const alert: Omit<DriftAlert, 'id'> = { modelId: 'engagement', kind: 'PERFORMANCE', severity: 'HIGH', reason: 'test', detectors: ['ADWIN'], detectedAt: new Date(), modelVersion: 'v1', meanErrorBefore: 1, meanErrorAfter: 2, driftedShare: null, features: null };
    // Published synchronously in one turn: nothing is sent in between, so the queue overflows.
    for (let i = 0; i < 10; i++) drift.runtime.feed.publish({ ...alert, id: `burst-${i}` });
    await waitFor(() => slow.seen.errors.length > 0);
    expect(drift.runtime.feed.size).toBe(0);
    expect(JSON.stringify(slow.seen.errors)).toMatch(/fell more than 3 events behind/);
    expect(slow.seen.events.length).toBeLessThanOrEqual(4);
  });

  it('closes every socket with 1001 Going away when the subgraph stops, without completing: a client (the gateway) reconnects, it does not take the subscription as over', async () => {
    let closedWith: number | undefined;
    const client = connect(() => proof('graphql-ws'), (code) => (closedWith = code));
    const live = subscribe(client, 'subscription { driftAlerts { id } }');
    await waitFor(() => drift.runtime.feed.size === 1);
    await drift.stop();
    await waitFor(() => closedWith !== undefined);
    expect(closedWith).toBe(1001);
    expect(live.seen.completed).toBe(false);
    expect(drift.runtime.feed.size).toBe(0);
  });
});
