import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateChannels, type ChannelRecord } from '@telepulse/dataset';
import { seedChannels } from '@telepulse/devstack/seed';
import { testMongo } from '../support/mongo.js';
import { pollUntil } from '../support/poll.js';
import { serveEngagement, shiftedEngagementFeedback, type ServedEngagement } from '../support/shifted-engagement.js';
import { startStack } from '../support/stack.js';
import { subscribeTo } from '../support/subscription-client.js';

const [channel] = simulateChannels({ seed: 31, channels: 6, days: 60, idPrefix: 'dr' }).filter((c) => c.posts.length > 40) as [ChannelRecord];

const FEEDBACK = `mutation($items: [FeedbackItemInput!]!) { submitFeedbackBatch(items: $items) { id error } }`;
const ALERTS = `{ driftAlerts(modelId: "engagement") { id kind severity reason detectors modelVersion meanErrorBefore meanErrorAfter model { id } } }`;
/** What a dashboard opens on the gateway: the alert, with what the feedback and monitoring subgraphs know of its model. */
const LIVE_ALERTS = `subscription { driftAlerts(modelId: "engagement", minSeverity: LOW) {
  id kind severity modelVersion
  model { id activeVersion feedbackSummary { total lastFeedbackAt } monitoringDashboard { itemsLast24Hours latencyP99Ms } } } }`;
const DETECT = `mutation { detectPerformanceDrift(modelId: "engagement") { itemsRead itemsSeen modelVersion windowSize severity alerts { id } } }`;
const DATA = `mutation($w: DriftWindowInput) { detectDataDrift(modelId: "engagement", window: $w) {
  referenceVersion items driftedShare datasetDrift missingFeatures severity reason
  features { name psi ksStatistic ksCritical count drifted } alert { id kind severity } } }`;

/**
 * Drift through the whole supergraph: engagement predictions served and stored, feedback whose
 * errors jump half-way (the model got worse), the drift poller reading feedback's error stream
 * through the gateway and raising alerts on its own; data drift compares the stored predictions'
 * inputs with the model version's training reference, both read through the gateway.
 */
describe('drift through the gateway', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  let served: ServedEngagement[] = [];

  beforeAll(async () => {
    mongo = await testMongo();
    // Feedback looks 320 predictions up through the gateway while two cores also serve the whole stack: a generous timeout.
    stack = await startStack({ mongodbUri: mongo.uri, prefix: mongo.prefix, env: { DRIFT_POLL_MS: '200', FEEDBACK_POLL_MS: '0', MONITORING_POLL_MS: '200', GATEWAY_TIMEOUT_MS: '30000' } });
    await seedChannels(stack.query, [channel]);
    served = await serveEngagement(stack.query, channel.id, 320);
  });
  afterAll(async () => {
    await stack?.stop();
    await mongo?.drop();
  });

  it('raises a performance alert on its own once the fed-back errors rise: pushed to a subscription on the gateway with the model fields of feedback and monitoring, stored and readable', async () => {
    // Subscribed before any feedback: the alert that arrives is the one this feedback raises.
    const live = subscribeTo(stack.gatewayUrl, LIVE_ALERTS, { token: await stack.token() });
    // Monitoring's poller has counted every served prediction (so the dashboard the alert carries is settled).
    await pollUntil(
      () => stack.query('{ model(id: "engagement") { monitoringDashboard { itemsLast24Hours } } }').then((r) => r.data as { model: { monitoringDashboard: { itemsLast24Hours: number } } }),
      (d) => d?.model.monitoringDashboard.itemsLast24Hours === 320,
    );
    // Observed rates within ≈ 0.005 of the prediction for the first 200, then ≈ 0.05 off.
    const items = shiftedEngagementFeedback(served, { seed: 5 });
    const fed = await stack.query(FEEDBACK, { items });
    expect(fed.errors).toBeUndefined();
    const alerts = await pollUntil(
      () => stack.query(ALERTS).then((r) => (r.data?.driftAlerts ?? []) as { meanErrorBefore: number; meanErrorAfter: number }[]),
      (a) => a.length > 0,
    );
    expect(alerts[0]).toMatchObject({ kind: 'PERFORMANCE', model: { id: 'engagement' }, modelVersion: served[0]!.modelVersion });
    const pushed = await live.next();
    expect(pushed.errors).toBeUndefined();
    expect(pushed.data).toEqual({
      driftAlerts: {
        id: (alerts.at(-1) as unknown as { id: string }).id,
        kind: 'PERFORMANCE',
        severity: expect.stringMatching(/^(LOW|MEDIUM|HIGH)$/),
        modelVersion: served[0]!.modelVersion,
        model: {
          id: 'engagement',
          activeVersion: served[0]!.modelVersion,
          feedbackSummary: { total: 320, lastFeedbackAt: expect.any(String) },
          monitoringDashboard: { itemsLast24Hours: 320, latencyP99Ms: expect.any(Number) },
        },
      },
    });
    await live.dispose();
    expect(alerts[0]!.meanErrorAfter).toBeGreaterThan(alerts[0]!.meanErrorBefore);
    // The poller has read everything: an admin detection finds nothing new and raises nothing again.
    const detection = await pollUntil(
      () => stack.query(DETECT).then((r) => r.data?.detectPerformanceDrift),
      (d: { itemsSeen: number } | undefined) => d?.itemsSeen === 320,
    );
    expect(detection).toMatchObject({ itemsRead: 0, alerts: [], modelVersion: served[0]!.modelVersion });
  });

  it('compares the served inputs with the training reference: per feature, the share drifted, one alert for a repeated check', async () => {
    const window = { since: new Date(Date.now() - 3600_000).toISOString(), limit: 1000 };
    const first = await stack.query(DATA, { w: window });
    expect(first.errors).toBeUndefined();
    const check = first.data!.detectDataDrift;
    expect(check.referenceVersion).toBe(served[0]!.modelVersion);
    expect(check.items).toBe(320);
    expect(check.features.length).toBeGreaterThan(0);
    expect(check.missingFeatures).toEqual([]);
    expect(check.datasetDrift).toBe(check.driftedShare >= 0.5);
    expect(check.driftedShare).toBeCloseTo(check.features.filter((f: { drifted: boolean }) => f.drifted).length / check.features.length, 10);
    const again = await stack.query(DATA, { w: window });
    expect(again.data!.detectDataDrift.alert?.id ?? null).toBe(check.alert?.id ?? null);
  });

  it('refuses a bad window and a model without inputs, naming the field', async () => {
    const bad = await stack.query(DATA, { w: { limit: 5 } });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'window.limit' });
    const cnn = await stack.query(`mutation { detectDataDrift(modelId: "content-cnn") { items } }`);
    expect(cnn.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'modelId' });
    const anonymous = await stack.query(DETECT, {}, { token: null });
    expect(anonymous.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
