import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogModelById, modelCatalog } from '@telepulse/models/catalog/model-catalog';
import type { ReadScope } from '@telepulse/platform/supergraph-client';
import { testMongo } from '../../../test/support/mongo.js';
import { Monitor } from '../src/domain/monitor.js';
import type { ServingReport } from '../src/domain/serving-counters.js';
import { exclusiveTick, pollerLocks } from '../src/pollers/exclusive-tick.js';
import { servingTick, type ServingSource } from '../src/pollers/serving-poller.js';
import { AlertStore } from '../src/store/alert-store.js';
import { PointStore } from '../src/store/point-store.js';
import { PollerStateStore } from '../src/store/poller-state-store.js';
import { ThresholdStore } from '../src/store/threshold-store.js';

const scope: ReadScope = { trace: { requestId: 't', via: [] }, signal: new AbortController().signal };
const RETENTION = 30 * 86_400_000;

/**
 * Monitoring's serving poller run by two replicas of monitoring on one database, reading two
 * replicas of engagement (each its own serving counters, told apart by `since`) through a
 * gateway that alternates between them. Every item served is recorded once: the sum of the
 * points' items equals what the two engagement processes counted.
 */
describe('the serving poller with replicas on both sides', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  beforeAll(async () => {
    mongo = await testMongo();
  });
  afterAll(() => mongo.drop());

  /** One monitoring replica's serving tick, with stores of its own over the shared database. */
  const replica = (source: ServingSource) => {
    const db = mongo.db('monitoring');
    const points = new PointStore(db, RETENTION);
    const monitor = new Monitor({ points, alerts: new AlertStore(db), thresholds: new ThresholdStore(db), model: catalogModelById, now: () => new Date(), retentionMs: RETENTION });
    const tick = servingTick({ source, state: new PollerStateStore(db), monitor, catalog: () => modelCatalog().filter((m) => m.id === 'engagement'), now: () => new Date() });
    return { points, tick: exclusiveTick(pollerLocks(db), 'serving', tick) };
  };

  it('records each engagement replica’s items once, the two monitoring replicas taking turns', async () => {
    // Two engagement processes: each read of one serves 10 more items first (load goes on between polls).
    const processes = [
      { since: '2026-05-01T10:00:00.000Z', items: 0 },
      { since: '2026-05-01T10:00:00.500Z', items: 0 },
    ];
    let turn = 0;
    /** The engagement process both overlapping reads reach (the gateway may send both to one), when set. */
    let pinned: number | undefined;
    /** Held until released: the read of a tick another replica's tick must overlap (`entered` once it is waiting). */
    let hold: Promise<void> | undefined;
    let entered: () => void = () => undefined;
    const source: ServingSource = {
      async read() {
        const process = processes[pinned ?? turn++ % 2]!;
        process.items += 10;
        const report: ServingReport = { version: 'v1', since: process.since, items: process.items, runs: process.items / 10, failures: 0, latencyP50Ms: 2, latencyP99Ms: 9, meanBatchSize: 10 };
        if (hold) {
          entered();
          await hold;
        }
        return new Map([['engagement', report]]);
      },
    };
    const [first, second] = [replica(source), replica(source)];

    for (let round = 0; round < 3; round += 1) {
      // The first replica's tick is in the middle of its read when the second's runs whole.
      let release!: () => void;
      hold = new Promise((resolve) => (release = resolve));
      pinned = round % 2;
      const reading = new Promise<void>((resolve) => (entered = resolve));
      const overlapping = first.tick(scope);
      await Promise.race([reading, overlapping]);
      hold = undefined;
      await second.tick(scope);
      release();
      await overlapping;
      pinned = undefined;
      // Then each alone, reaching each engagement process in turn.
      await first.tick(scope);
      await second.tick(scope);
    }

    const recorded = await first.points.itemsSince('engagement', new Date(0));
    const saved = await new PollerStateStore(mongo.db('monitoring')).servingStates(['engagement']);
    const lastSeen = saved.get('engagement')!.processes!.reduce((sum, p) => sum + p.items, 0);
    // Every item counted once: the points add up to the last counters polled of each process, no overlap, no restart counted twice.
    expect(recorded).toBe(lastSeen);
    expect(saved.get('engagement')!.processes!.map((p) => p.since).sort()).toEqual(processes.map((p) => p.since));
    // The second replica stood aside while the first held the poller's lock, every round.
    expect(second.tick.skipped).toBe(3);
    expect(first.tick.skipped).toBe(0);
  });
});
