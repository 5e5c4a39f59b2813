import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateChannels } from '@telepulse/dataset';
import type { FerretDb } from '@telepulse/devstack/ferretdb';
import { launchOwnFerretDb } from '../support/own-ferretdb.js';
import { startStack } from '../support/stack.js';
import { seedChannels } from '@telepulse/devstack/seed';

const [channel] = simulateChannels({ seed: 5, channels: 1, days: 10, idPrefix: 'outage' });

/**
 * MongoDB really stops (its process exits) under a running supergraph, then comes back on the
 * same port with the same data. This test owns its server, so it needs the FerretDB binary.
 */
describe('when MongoDB stops and comes back', () => {
  let server: FerretDb;
  let removeServer: (() => Promise<void>) | undefined;
  let stack: Awaited<ReturnType<typeof startStack>>;

  beforeAll(async () => {
    ({ server, remove: removeServer } = await launchOwnFerretDb('outage'));
    stack = await startStack({ mongodbUri: server.uri, prefix: 'outage', mongoTimeoutMs: 1000 });
    await seedChannels(stack.query, [channel!]);
  });
  afterAll(async () => {
    await stack?.stop();
    await removeServer?.();
  });

  const comprehensive = `query($id: ID!) {
    channel(id: $id) { id postCount engagementPrediction { id } }
    systemHealth { status services { name status mongodbReachable } }
  }`;

  it('reports DOWN and answers with SERVICE_UNAVAILABLE errors instead of hanging, then recovers without a restart', async () => {
    const healthy = await stack.query(comprehensive, { id: channel!.id });
    expect(healthy.errors).toBeUndefined();
    expect(healthy.data).toMatchObject({ systemHealth: { status: 'UP' }, channel: { id: channel!.id } });

    await server.stop();

    const down = await stack.query(comprehensive, { id: channel!.id });
    expect(down.data).toMatchObject({
      channel: null,
      systemHealth: {
        // DOWN: no subgraph is UP.
        status: 'DOWN',
        services: expect.arrayContaining([
          { name: 'channels', status: 'DOWN', mongodbReachable: false },
          { name: 'engagement', status: 'DOWN', mongodbReachable: false },
        ]),
      },
    });
    expect(down.errors?.map((e) => e.extensions?.code)).toContain('SERVICE_UNAVAILABLE');

    const predict = await stack.query(
      `mutation($c: ID!) { predictEngagement(channelId: $c, features: { hourOfDay: 9, dayOfWeek: 1, contentLength: 100, hasMedia: false }) { id } }`,
      { c: channel!.id },
    );
    expect(predict.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');

    await server.start();

    // The driver reconnects on its own; poll until it has (bounded by the test's timeout).
    let recovered = await stack.query(comprehensive, { id: channel!.id });
    while ((recovered.data as any)?.systemHealth?.status !== 'UP') {
      await new Promise((r) => setTimeout(r, 250));
      recovered = await stack.query(comprehensive, { id: channel!.id });
    }
    expect(recovered.errors).toBeUndefined();
    expect(recovered.data).toMatchObject({ channel: { id: channel!.id, postCount: channel!.posts.length, engagementPrediction: { id: expect.any(String) } } });
  });
});
