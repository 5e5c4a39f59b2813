import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintUserToken } from '@telepulse/devstack/user-token';
import { randomSecret } from '@telepulse/devstack/dev-secrets';
import { createGatewayServer } from '../../src/server.js';
import { gatewayLimits, loadEnv } from '../../src/env.js';
import { composeFixture } from './fixture-supergraph.js';
import { startAlertsSubgraph, startItemsSubgraph } from './fixture-subgraphs.js';
import { subscribeTo } from '../../../test/support/subscription-client.js';
import { pollUntil } from '../../../test/support/poll.js';

const ALERTS = 'subscription($min: Int) { alerts(minLevel: $min) { id level item { id name } } }';
const MAX_PENDING = 3;

/**
 * The gateway's subscription mechanism against two subgraphs built here (a real composition,
 * real HTTP and WebSocket servers, real proofs): `alerts` serves the subscription, `items` owns
 * the fields each event is completed with.
 */
describe('subscriptions through the gateway', () => {
  const secrets = { users: randomSecret(), subgraphs: randomSecret() };
  let alerts: Awaited<ReturnType<typeof startAlertsSubgraph>>;
  let items: Awaited<ReturnType<typeof startItemsSubgraph>>;
  let gateway: Awaited<ReturnType<ReturnType<typeof createGatewayServer>['listen']>>;
  let token: string;
  let sequence = 0;
  const alert = (level: number, itemId = 'i1') => ({ id: `a${(sequence += 1)}`, level, itemId });

  /** A gateway over the fixture's subgraphs; `env` overrides its settings, `subgraphSecret` the secret its proofs are signed with. */
  const startGateway = (env: Record<string, string> = {}, subgraphSecret = secrets.subgraphs, keepAliveMs = 0) => {
    const urls = { alerts: alerts.server.url, items: items.server.url };
    return createGatewayServer({
      supergraphSdl: composeFixture(urls),
      urlOverrides: urls,
      userTokens: { jwtSecret: secrets.users },
      subgraphSecret,
      limits: gatewayLimits(loadEnv({ AUTH_JWT_SECRET: secrets.users, SUBGRAPH_SECRET: subgraphSecret, MAX_ALIASES: '2', RATE_LIMIT_REQUESTS: '0', ...env })),
      subscriptions: { keepAliveMs, retryAttempts: 3, retryWaitMs: 100, maxPendingEvents: MAX_PENDING },
    }).listen(0);
  };

  beforeAll(async () => {
    alerts = await startAlertsSubgraph(secrets.subgraphs);
    items = await startItemsSubgraph(secrets.subgraphs);
    gateway = await startGateway();
    token = await mintUserToken(secrets.users, { subject: 'ana', scopes: ['predict'] });
  });
  afterAll(async () => {
    await gateway?.stop();
    await alerts?.server.stop();
    await items?.server.stop();
  });

  /** Waits until the alerts subgraph has exactly `n` live subscriptions. */
  const liveUpstream = (n: number) => pollUntil(async () => alerts.live(), (live) => live === n, { timeoutMs: 10_000 });

  it('delivers every event in order, completed with the fields another subgraph owns, and the upstream proof and fetches act for the client', async () => {
    const connectionsBefore = alerts.connections.length;
    const fetchesBefore = items.fetchedFor.length;
    const subscription = subscribeTo(gateway.url, ALERTS, { token, variables: { min: 2 } });
    await liveUpstream(1);
    alerts.publish(alert(1));
    alerts.publish(alert(2, 'i2'));
    alerts.publish(alert(5, 'i3'));
    // minLevel went upstream: the level-1 alert was never sent.
    expect(await subscription.next()).toEqual({ data: { alerts: { id: `a${sequence - 1}`, level: 2, item: { id: 'i2', name: 'item i2' } } } });
    expect(await subscription.next()).toEqual({ data: { alerts: { id: `a${sequence}`, level: 5, item: { id: 'i3', name: 'item i3' } } } });
    expect(alerts.connections.slice(connectionsBefore)).toEqual([{ subject: 'ana', scopes: ['predict'] }]);
    expect(items.fetchedFor.slice(fetchesBefore)).toEqual([
      { subject: 'ana', scopes: ['predict'] },
      { subject: 'ana', scopes: ['predict'] },
    ]);
    subscription.unsubscribe();
    await liveUpstream(0);
    await subscription.dispose();
  });

  it('gives an event whose entity fetch fails partial data and the error, and goes on with the next one', async () => {
    const subscription = subscribeTo(gateway.url, ALERTS, { token });
    await liveUpstream(1);
    alerts.publish(alert(3, 'broken'));
    alerts.publish(alert(4, 'ok'));
    const failed = await subscription.next();
    expect(failed.data).toEqual({ alerts: { id: `a${sequence - 1}`, level: 3, item: null } });
    expect(failed.errors).toEqual([expect.objectContaining({ message: 'the item store failed', path: ['alerts', 'item', 'name'], extensions: expect.objectContaining({ code: 'SERVICE_UNAVAILABLE', serviceName: 'items' }) })]);
    expect(await subscription.next()).toEqual({ data: { alerts: { id: `a${sequence}`, level: 4, item: { id: 'ok', name: 'item ok' } } } });
    await subscription.dispose();
    // Closing the socket frees the upstream subscription as unsubscribing does.
    await liveUpstream(0);
  });

  it('frees the upstream subscription on unsubscribe even while no event is coming', async () => {
    const first = subscribeTo(gateway.url, ALERTS, { token });
    const second = subscribeTo(gateway.url, 'subscription { alerts { id } }', { token });
    await liveUpstream(2);
    first.unsubscribe();
    await liveUpstream(1);
    alerts.publish(alert(1));
    expect(await second.next()).toEqual({ data: { alerts: { id: `a${sequence}` } } });
    await Promise.all([first.dispose(), second.dispose()]);
    await liveUpstream(0);
  });

  it('ends a subscription whose client falls more than the bound behind with SUBSCRIPTION_OVERFLOW, and frees the upstream', async () => {
    const subscription = subscribeTo(gateway.url, ALERTS, { token });
    await liveUpstream(1);
    // The first event's plan waits on its item, so the events after it pile up at the gateway.
    const release = items.hold('slow');
    alerts.publish(alert(1, 'slow'));
    for (let i = 0; i <= MAX_PENDING; i += 1) alerts.publish(alert(1, `later${i}`));
    await liveUpstream(1);
    release();
    expect((await subscription.next()).data).toMatchObject({ alerts: { item: { id: 'slow', name: 'item slow' } } });
    expect(await subscription.ending()).toEqual({ kind: 'error', errors: [expect.objectContaining({ extensions: { code: 'SUBSCRIPTION_OVERFLOW', limit: MAX_PENDING } })] });
    await liveUpstream(0);
    await subscription.dispose();
  });

  it('resumes after the owning subgraph restarts (a reconnect), and ends with SERVICE_UNAVAILABLE when it stays away', async () => {
    const subscription = subscribeTo(gateway.url, ALERTS, { token });
    await liveUpstream(1);
    const { port } = alerts.server;
    await alerts.server.stop();
    alerts = await startAlertsSubgraph(secrets.subgraphs, port);
    // The gateway reconnected and subscribed again, by itself: the client saw nothing of it.
    await liveUpstream(1);
    alerts.publish(alert(7, 'after'));
    expect((await subscription.next()).data).toMatchObject({ alerts: { level: 7, item: { name: 'item after' } } });

    await alerts.server.stop();
    const ending = await subscription.ending();
    expect(ending).toEqual({ kind: 'error', errors: [expect.objectContaining({ extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: 'alerts' } })] });
    expect((ending as { errors: { message: string }[] }).errors[0]!.message).toMatch(/the alerts subgraph's subscription ended: .* 3 reconnection attempts did not restore it/);
    await subscription.dispose();
    alerts = await startAlertsSubgraph(secrets.subgraphs, port);
  });

  it('with the subgraph\'s replicas listed, subscribes at the first that answers, and resumes at another when that one goes away', async () => {
    const { freePort } = await import('@telepulse/devstack/ports');
    const gone = `http://127.0.0.1:${await freePort()}/graphql`;
    const second = await startAlertsSubgraph(secrets.subgraphs);
    const urls = { alerts: alerts.server.url, items: items.server.url };
    const replicated = await createGatewayServer({
      supergraphSdl: composeFixture(urls),
      // A replica that refuses connections first, then the two that answer.
      urlOverrides: { ...urls, alerts: `${gone},${second.server.url},${alerts.server.url}` },
      userTokens: { jwtSecret: secrets.users },
      subgraphSecret: secrets.subgraphs,
      limits: gatewayLimits(loadEnv({ AUTH_JWT_SECRET: secrets.users, SUBGRAPH_SECRET: secrets.subgraphs, RATE_LIMIT_REQUESTS: '0' })),
      subscriptions: { keepAliveMs: 0, retryAttempts: 3, retryWaitMs: 50, maxPendingEvents: MAX_PENDING },
    }).listen(0);
    try {
      const subscription = subscribeTo(replicated.url, ALERTS, { token });
      await pollUntil(async () => second.live(), (live) => live === 1, { timeoutMs: 10_000 });
      second.publish(alert(4, 'on-second'));
      expect((await subscription.next()).data).toMatchObject({ alerts: { level: 4, item: { name: 'item on-second' } } });
      // The replica it lives on goes away: the next connection is at the next replica listed.
      await second.server.stop();
      await liveUpstream(1);
      alerts.publish(alert(6, 'on-first'));
      expect((await subscription.next()).data).toMatchObject({ alerts: { level: 6, item: { name: 'item on-first' } } });
      await subscription.dispose();
      await liveUpstream(0);
    } finally {
      await replicated.stop();
      await second.server.stop().catch(() => undefined);
    }
  });

  it('admits an anonymous client (reads are open) and refuses a bad or expired token with 4403 and the reason', async () => {
    const anonymous = subscribeTo(gateway.url, 'subscription { alerts { id } }', { token: null });
    await liveUpstream(1);
    expect(alerts.connections.at(-1)).toBeNull();
    await anonymous.dispose();
    await liveUpstream(0);

    const forged = subscribeTo(gateway.url, ALERTS, { token: await mintUserToken(randomSecret(), { scopes: [] }) });
    expect(await forged.ending()).toEqual({ kind: 'closed', code: 4403, reason: 'the bearer token has a signature that does not verify with the configured keys' });
    const expired = subscribeTo(gateway.url, ALERTS, { token: await mintUserToken(secrets.users, { scopes: [], expiresIn: '-1m' }) });
    expect(await expired.ending()).toEqual({ kind: 'closed', code: 4403, reason: 'the bearer token has expired' });
    expect(alerts.live()).toBe(0);
  });

  it('ends a subscription with UNAUTHENTICATED at the first event after its token expired', async () => {
    const expiresAt = Math.floor(Date.now() / 1000) + 2;
    const subscription = subscribeTo(gateway.url, ALERTS, { token: await mintUserToken(secrets.users, { subject: 'ana', scopes: [], expiresIn: expiresAt }) });
    await liveUpstream(1);
    await pollUntil(async () => Date.now(), (now) => now > expiresAt * 1000, { timeoutMs: 10_000 });
    alerts.publish(alert(1));
    expect(await subscription.ending()).toEqual({ kind: 'error', errors: [{ message: 'the bearer token has expired', extensions: { code: 'UNAUTHENTICATED', reason: 'expired' } }] });
    await liveUpstream(0);
    await subscription.dispose();
  });

  it('applies the HTTP limits to each subscribe, and serves subscriptions only', async () => {
    const aliased = subscribeTo(gateway.url, 'subscription { alerts { a: id b: id c: id } }', { token });
    expect(await aliased.ending()).toEqual({ kind: 'error', errors: [expect.objectContaining({ extensions: { code: 'MAX_ALIASES_LIMIT', limit: 2 } })] });
    const invalid = subscribeTo(gateway.url, 'subscription { alerts { zzz } }', { token });
    expect(await invalid.ending()).toEqual({ kind: 'error', errors: [expect.objectContaining({ message: 'Cannot query field "zzz" on type "Alert".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })] });
    const query = subscribeTo(gateway.url, '{ alertCount }', { token });
    expect(await query.ending()).toEqual({ kind: 'error', errors: [expect.objectContaining({ extensions: { code: 'OPERATION_NOT_SUPPORTED' } })] });
    const badVariable = subscribeTo(gateway.url, ALERTS, { token, variables: { min: 'high' } });
    expect(await badVariable.ending()).toEqual({ kind: 'error', errors: [expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT' } })] });
    await Promise.all([aliased, invalid, query, badVariable].map((s) => s.dispose()));
    expect(alerts.live()).toBe(0);
  });

  it('reconnects and resubscribes when the owning subgraph stops answering its pings', async () => {
    const watchful = await startGateway({}, secrets.subgraphs, 200);
    const subscription = subscribeTo(watchful.url, ALERTS, { token });
    await liveUpstream(1);
    const connected = alerts.connections.length;
    alerts.silence();
    // A second connection, opened by the gateway once the silent one missed its pong.
    await pollUntil(async () => alerts.connections.length, (n) => n > connected, { timeoutMs: 10_000 });
    alerts.silence(false);
    await liveUpstream(1);
    alerts.publish(alert(6, 'awake'));
    expect((await subscription.next()).data).toMatchObject({ alerts: { level: 6, item: { name: 'item awake' } } });
    await subscription.dispose();
    await liveUpstream(0);
    await watchful.stop();
  });

  it('ends with FORBIDDEN when the subgraph refuses the gateway proof', async () => {
    const impostor = await startGateway({}, randomSecret());
    const subscription = subscribeTo(impostor.url, ALERTS, { token });
    expect(await subscription.ending()).toEqual({ kind: 'error', errors: [expect.objectContaining({ extensions: { code: 'FORBIDDEN', serviceName: 'alerts' } })] });
    await subscription.dispose();
    await impostor.stop();
  });

  it('counts each subscribe against the rate limit of its caller, as an HTTP request', async () => {
    const limited = await startGateway({ RATE_LIMIT_REQUESTS: '1', RATE_LIMIT_WINDOW_SECONDS: '600' });
    const first = subscribeTo(limited.url, ALERTS, { token });
    await liveUpstream(1);
    const second = subscribeTo(limited.url, ALERTS, { token });
    expect(await second.ending()).toEqual({ kind: 'error', errors: [expect.objectContaining({ extensions: { code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) } })] });
    await Promise.all([first.dispose(), second.dispose()]);
    await liveUpstream(0);
    await limited.stop();
  });

  it('answers a subscription sent by HTTP with 400 OPERATION_NOT_SUPPORTED pointing to the WebSocket', async () => {
    const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: ALERTS }) });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors).toEqual([expect.objectContaining({ extensions: { code: 'OPERATION_NOT_SUPPORTED' } })]);
    expect(body.errors[0]!.message).toMatch(/WebSocket.*graphql-ws/);
  });

  // Last: it stops the gateway.
  it('closes every subscription socket with 1001 when the gateway stops, freeing the upstream subscriptions', async () => {
    const subscription = subscribeTo(gateway.url, ALERTS, { token });
    await liveUpstream(1);
    await gateway.stop();
    expect(await subscription.closed()).toEqual({ code: 1001, reason: 'Going away' });
    await liveUpstream(0);
    await subscription.dispose();
  });
});
