import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomSecret } from '@telepulse/devstack/dev-secrets';
import { mintUserToken } from '@telepulse/devstack/user-token';
import { catalogModelById, modelCatalog } from '@telepulse/models/catalog/model-catalog';
import drift from '@telepulse/drift/subgraph';
import type { DriftRuntime } from '@telepulse/drift/server';
import type { DriftAlert } from '@telepulse/drift/domain/drift-alert';
import { raiseAlert } from '../support/drift-alerts.js';
import { testMongo } from '../support/mongo.js';
import { pollUntil } from '../support/poll.js';
import { startStack } from '../support/stack.js';
import { subscribeTo } from '../support/subscription-client.js';

const ALERTS = `subscription($m: ID) {
  driftAlerts(modelId: $m, minSeverity: MEDIUM) { id kind severity reason detectors modelVersion model { id description } }
}`;

/**
 * Subscription.driftAlerts through the gateway, on the whole stack: the gateway opens the
 * subscription on the drift subgraph and completes every alert with the Model fields monitoring
 * owns. Alerts are raised the way detection raises them (stored, then published through drift),
 * so the test does not depend on a detector's statistics.
 */
describe('drift alerts through a gateway subscription', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  const model = modelCatalog()[0]!;

  beforeAll(async () => {
    mongo = await testMongo();
    // Quick reconnections, so a drift restart is waited out in well under a second.
    stack = await startStack({ mongodbUri: mongo.uri, prefix: mongo.prefix, env: { SUBSCRIPTION_RETRY_WAIT_MS: '100', SUBSCRIPTION_RETRY_ATTEMPTS: '3' } });
  });
  afterAll(async () => {
    await stack?.stop();
    await mongo?.drop();
  });

  const runtime = () => stack.runtime<DriftRuntime>(drift);
  /** Live subscriptions on the drift subgraph (its feed's subscribers). */
  const liveOnDrift = (n: number) => pollUntil(async () => runtime().feed.size, (size) => size === n, { timeoutMs: 15_000 });

  /** Stores an alert and publishes it through drift, as a detection does; resolves with it. */
  const raise = (severity: DriftAlert['severity'], modelId = model.id) => raiseAlert(runtime(), { modelId, severity });

  it('delivers an alert with its model resolved from monitoring, only those of the model and severity asked, and frees drift on unsubscribe', async () => {
    const other = modelCatalog().find((m) => m.id !== model.id)!;
    const subscription = subscribeTo(stack.gatewayUrl, ALERTS, { token: await stack.token(), variables: { m: model.id } });
    await liveOnDrift(1);
    await raise('LOW');
    await raise('HIGH', other.id);
    const alert = await raise('HIGH');
    expect(await subscription.next()).toEqual({
      data: {
        driftAlerts: {
          id: alert.id,
          kind: 'PERFORMANCE',
          severity: 'HIGH',
          reason: alert.reason,
          detectors: ['ADWIN', 'PAGE_HINKLEY'],
          modelVersion: 'v-e2e',
          model: { id: model.id, description: catalogModelById(model.id)!.description },
        },
      },
    });
    subscription.unsubscribe();
    await liveOnDrift(0);
    await subscription.dispose();
  });

  it('admits an anonymous subscriber (reads are open) and refuses a token the gateway did not issue with 4403', async () => {
    const anonymous = subscribeTo(stack.gatewayUrl, ALERTS, { token: null });
    await liveOnDrift(1);
    const alert = await raise('MEDIUM');
    expect((await anonymous.next()).data).toMatchObject({ driftAlerts: { id: alert.id, model: { id: model.id } } });
    await anonymous.dispose();
    await liveOnDrift(0);

    const forged = subscribeTo(stack.gatewayUrl, ALERTS, { token: await mintUserToken(randomSecret(), { scopes: ['admin'] }) });
    expect(await forged.ending()).toEqual({ kind: 'closed', code: 4403, reason: 'the bearer token has a signature that does not verify with the configured keys' });
    expect(runtime().feed.size).toBe(0);
  });

  it("answers a model drift does not know with drift's BAD_USER_INPUT naming modelId, then completes", async () => {
    const unknown = subscribeTo(stack.gatewayUrl, ALERTS, { token: null, variables: { m: 'no-such-model' } });
    const answer = await unknown.next();
    expect(answer.data).toBeNull();
    expect(answer.errors).toEqual([expect.objectContaining({ path: ['driftAlerts'], extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'modelId', serviceName: 'drift' }) })]);
    expect(await unknown.ending()).toEqual({ kind: 'complete' });
    await unknown.dispose();
    expect(runtime().feed.size).toBe(0);
  });

  it('carries a subscription across a drift restart: the gateway reconnects and resubscribes, and the next alert arrives on the same subscription', async () => {
    const subscription = subscribeTo(stack.gatewayUrl, ALERTS, { token: await stack.token() });
    await liveOnDrift(1);
    await stack.stopSubgraph(drift);
    await stack.restartSubgraph(drift);
    await liveOnDrift(1);
    const alert = await raise('HIGH');
    expect((await subscription.next()).data).toMatchObject({ driftAlerts: { id: alert.id, model: { id: model.id, description: expect.any(String) } } });
    await subscription.dispose();
    await liveOnDrift(0);
  });

  it('ends the subscription with SERVICE_UNAVAILABLE naming drift when drift stays down past the reconnection attempts (no silent hang)', async () => {
    const subscription = subscribeTo(stack.gatewayUrl, ALERTS, { token: await stack.token() });
    await liveOnDrift(1);
    await stack.stopSubgraph(drift);
    const ending = await subscription.ending();
    expect(ending).toEqual({ kind: 'error', errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'SERVICE_UNAVAILABLE', serviceName: 'drift' }) })] });
    await subscription.dispose();
    await stack.restartSubgraph(drift);
  });
});
