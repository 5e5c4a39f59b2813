import { afterEach, describe, expect, it } from 'vitest';
import type { DriftAlert } from '../src/domain/drift-alert.js';
import { ALERT_TOPIC, startAlertBroker, type AlertBroker } from '../src/live/alert-broker.js';
import { openBrokerConnection } from '../src/live/broker-connection.js';
import { brokersMissing, startNats, startRedis } from '../../../test/support/brokers.js';
import { pollUntil } from '../../../test/support/poll.js';

const missing = brokersMissing();

const alert = (id: string): DriftAlert => ({
  id,
  modelId: 'engagement-v1',
  modelVersion: null,
  kind: 'PERFORMANCE',
  severity: 'MEDIUM',
  reason: 'the mean error rose',
  detectors: ['ADWIN'],
  detectedAt: new Date('2026-12-01T00:00:00.000Z'),
  meanErrorBefore: 0.1,
  meanErrorAfter: 0.2,
  driftedShare: null,
  features: null,
});

/**
 * The alert broker of one drift replica against a real Redis and NATS: a replica started while
 * the broker is away starts all the same (DEGRADED, one line said) and subscribes once the broker
 * answers; a message on the topic that is not an alert is dropped and counted, never delivered.
 */
describe.skipIf(missing !== undefined).each([
  ['Redis', startRedis],
  ['NATS', startNats],
] as const)('the drift alert broker on %s', (_name, startBroker) => {
  const opened: AlertBroker[] = [];
  afterEach(async () => {
    for (const broker of opened.splice(0)) await broker.close();
  });

  it('starts without the broker (DEGRADED, said once), then subscribes when it comes and delivers alerts, nothing restarted', async () => {
    await using server = await startBroker();
    await server.stop();
    const warnings: string[] = [];
    const delivered: DriftAlert[] = [];
    const broker = await startAlertBroker({ url: new URL(server.url), channel: 'tdrift', deliver: (a) => delivered.push(a), startWaitMs: 200, log: { warn: (line: string) => warnings.push(line) } });
    opened.push(broker);
    expect(warnings).toEqual([expect.stringContaining('not reachable within 200 ms: starting without it')]);
    expect(await broker.probe()).toMatchObject({ name: 'broker', status: 'DEGRADED' });
    broker.publish(alert('lost'));
    await pollUntil(async () => broker.counters.publishFailures, (n) => n === 1);

    await server.restart();
    await pollUntil(() => broker.probe(), (check) => check.status === 'UP', { timeoutMs: 20_000 });
    // Subscribed by now? The subscription is confirmed by the broker, which a delivered alert shows.
    await pollUntil(
      async () => {
        broker.publish(alert(`after-${broker.counters.published}`));
        await new Promise((r) => setImmediate(r));
        return delivered.length;
      },
      (n) => n > 0,
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    expect(delivered[0]).toEqual({ ...alert(delivered[0]!.id) });
    expect(delivered.map((a) => a.id)).not.toContain('lost');
    expect(broker.counters.publishFailures).toBe(1);
  });

  it('drops a message on the topic that is not an alert, counting it, and delivers the next alert', async () => {
    await using server = await startBroker();
    const delivered: DriftAlert[] = [];
    const warnings: string[] = [];
    const broker = await startAlertBroker({ url: new URL(server.url), channel: 'tdrift', deliver: (a) => delivered.push(a), startWaitMs: 10_000, log: { warn: (line: string) => warnings.push(line) } });
    opened.push(broker);
    const stranger = openBrokerConnection<unknown>(new URL(server.url), 'tdrift', ALERT_TOPIC);
    await pollUntil(async () => stranger.isUp(), (up) => up);
    await stranger.publish({ id: 'x', severity: 'CRITICAL' });
    await stranger.close();
    broker.publish(alert('real'));
    await pollUntil(async () => delivered.length, (n) => n === 1);
    expect(delivered[0]).toEqual(alert('real'));
    expect(broker.counters).toEqual({ published: 1, received: 1, publishFailures: 0, malformed: 1 });
    expect(warnings).toEqual([expect.stringMatching(/dropped a message from the alert broker .*severity/)]);
  });
});
