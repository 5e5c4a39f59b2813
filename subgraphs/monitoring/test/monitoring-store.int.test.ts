import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogModelById } from '@telepulse/models/catalog/model-catalog';
import { testMongo } from '../../../test/support/mongo.js';
import { Monitor } from '../src/domain/monitor.js';
import type { PerformancePoint } from '../src/domain/performance-point.js';
import { AlertStore } from '../src/store/alert-store.js';
import { CLEANUP_INDEX, PointStore, TTL_INDEX } from '../src/store/point-store.js';
import { ThresholdStore } from '../src/store/threshold-store.js';

const live = new AbortController().signal;
const DAY = 86_400_000;
const RETENTION = 30 * DAY;
const base = Date.UTC(2026, 4, 1, 10, 0, 0);
const at = (minutes: number) => new Date(base + minutes * 60_000);

let n = 0;
const point = (modelId: string, minutes: number, metrics: PerformancePoint['metrics'], version: string | null = 'v1'): PerformancePoint => ({
  id: `p${(n += 1)}`,
  modelId,
  version,
  at: at(minutes),
  source: 'MANUAL',
  metrics,
});

describe('monitoring stores on a real MongoDB-compatible server', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  let points: PointStore;
  let alerts: AlertStore;
  let clock: Date;
  let monitor: Monitor;
  beforeAll(async () => {
    mongo = await testMongo();
    const db = mongo.db('monitoring');
    points = new PointStore(db, RETENTION);
    alerts = new AlertStore(db);
    clock = at(180);
    monitor = new Monitor({ points, alerts, thresholds: new ThresholdStore(db), model: catalogModelById, now: () => clock, retentionMs: RETENTION });
  });
  afterAll(() => mongo.drop());

  it('groups a trend in the database: per bucket the mean of each metric over the points that have it, the count and the error', async () => {
    await points.record(
      [
        point('engagement', 1, { mae: 0.02, items: 10 }),
        point('engagement', 7, { mae: 0.04 }),
        point('engagement', 30, { latencyP99Ms: 120, items: 30 }),
        point('engagement', 65, { mae: 0.01, bias: -0.005 }),
        point('growth', 2, { mase: 1.1 }),
      ],
      live,
    );
    const hourly = await monitor.trend(catalogModelById('engagement')!, 3, 'HOUR');
    expect(hourly).toEqual([
      { start: at(0), end: at(60), count: 3, error: expect.closeTo(0.03, 12), metrics: { mae: expect.closeTo(0.03, 12), items: 20, latencyP99Ms: 120 } },
      { start: at(60), end: at(120), count: 1, error: 0.01, metrics: { mae: 0.01, bias: -0.005 } },
    ]);
    const fiveMinutes = await monitor.trend(catalogModelById('engagement')!, 3, 'FIVE_MINUTES');
    expect(fiveMinutes.map((b) => [b.start, b.count])).toEqual([[at(0), 1], [at(5), 1], [at(30), 1], [at(65), 1]]);
    const daily = await monitor.trend(catalogModelById('engagement')!, 24, 'DAY');
    expect(daily).toHaveLength(1);
    expect(daily[0]!).toMatchObject({ start: new Date(Date.UTC(2026, 4, 1)), count: 4 });
    const growth = await monitor.trend(catalogModelById('growth')!, 3, 'HOUR');
    expect(growth).toEqual([{ start: at(0), end: at(60), count: 1, error: 1.1, metrics: { mase: 1.1 } }]);
    expect(await points.itemsSince('engagement', at(0))).toBe(40);
    expect(await points.itemsSince('engagement', at(20))).toBe(30);
  });

  it('has every trend stage accepted by the server (explain)', async () => {
    for (const accumulator of [{ $sum: '$samples.value' }, { $sum: 1 }]) {
      const explained = await points.points.db.command({ explain: { aggregate: points.points.collectionName, pipeline: points.trendPipeline('engagement', at(0), 'HOUR', accumulator), cursor: {} }, verbosity: 'queryPlanner' });
      expect(explained.ok).toBe(1);
    }
  });

  it('stores a point recorded twice once, returning the first content', async () => {
    const first = point('engagement', 100, { mae: 0.5 });
    await points.record([first], live);
    const [again] = await points.record([{ ...first, metrics: { mae: 0.9 } }], live);
    expect(again!.metrics).toEqual({ mae: 0.5 });
    expect(await points.points.countDocuments({ _id: first.id })).toBe(1);
  });

  it('bounds history by retention: a TTL index where the server honours one, else an index on `at` and a clean-up with the same rule', async () => {
    const mode = await points.retentionMode();
    const indexes = await points.points.indexes();
    const onAt = indexes.find((i) => JSON.stringify(i.key) === JSON.stringify({ at: 1 }));
    if (mode === 'ttl-index') expect(onAt).toMatchObject({ name: TTL_INDEX, expireAfterSeconds: RETENTION / 1000 });
    else expect(onAt).toMatchObject({ name: CLEANUP_INDEX });
    // FerretDB 1.24 refuses `expireAfterSeconds` (NotImplemented): the clean-up is what bounds it there.
    const info = await points.points.db.command({ buildInfo: 1 });
    if (info.ferretdbVersion) expect(mode).toBe('cleanup');
    await points.record([point('content-cnn', -RETENTION / 60_000 - 10, { latencyP99Ms: 1 }), point('content-cnn', 0, { latencyP99Ms: 2 })], live);
    expect(await points.purgeOlderThan(new Date(base - RETENTION))).toBe(1);
    expect((await points.latest('content-cnn', 10)).map((p) => p.metrics.latencyP99Ms)).toEqual([2]);
  });

  it('opens one alert when two points above the threshold are recorded at once, resolves it when the error clears, and opens a new one when it returns', async () => {
    const viral = catalogModelById('content-viral')!;
    const limit = viral.alerts.errorAbove!;
    await Promise.all([monitor.record([point(viral.id, 170, { brier: limit + 0.1 })], live), monitor.record([point(viral.id, 171, { brier: limit + 0.2 })], live)]);
    const open = await monitor.alerts(viral, false);
    expect(open.map((a) => a.rule)).toEqual(['ERROR_ABOVE']);
    expect(await alerts.alerts.countDocuments({ modelId: viral.id })).toBe(1);
    expect(await alerts.latches.countDocuments({ modelId: viral.id })).toBe(1);

    await monitor.record([point(viral.id, 172, { brier: limit / 2 })], live);
    expect(await monitor.alerts(viral, false)).toEqual([]);
    const [resolved] = await monitor.alerts(viral, true);
    expect(resolved).toMatchObject({ id: open[0]!.id, rule: 'ERROR_ABOVE', resolvedAt: clock });

    clock = at(181);
    await monitor.record([point(viral.id, 174, { brier: limit + 0.3 })], live);
    const history = await monitor.alerts(viral, true);
    expect(history.map((a) => [a.rule, a.resolvedAt === null])).toEqual([['ERROR_ABOVE', true], ['ERROR_ABOVE', false]]);
    expect(history[0]!.id).not.toBe(open[0]!.id);
  });

  it('lets one of two racing openings of the same model and rule win, whatever their ids', async () => {
    const alert = (ms: number) => ({ id: `race-${ms}`, modelId: 'race-model', rule: 'ERROR_ABOVE' as const, value: 1, threshold: 0.5, version: null, message: 'm', openedAt: new Date(base + ms), resolvedAt: null });
    const opened = await Promise.all([alerts.open(alert(1)), alerts.open(alert(2)), alerts.open(alert(3))]);
    expect(opened.filter(Boolean)).toHaveLength(1);
    expect(await alerts.alerts.countDocuments({ modelId: 'race-model' })).toBe(1);
    expect(await alerts.openAlerts('race-model')).toHaveLength(1);
  });

  it('raises ERROR_RISING when the hourly error rose in risingBuckets buckets in a row', async () => {
    const growth = catalogModelById('growth')!;
    const rises = growth.alerts.risingBuckets;
    // Hourly MASE of 0.5, 0.6, … from the second hour on (the first holds an earlier test's point): `rises` rises, all under errorAbove.
    clock = at(60 * (rises + 2));
    for (let hour = 0; hour <= rises; hour++) await monitor.record([point(growth.id, 60 * (hour + 1) + 30, { mase: 0.5 + hour / 10 }, 'v2')], live);
    const open = await monitor.alerts(growth, false);
    expect(open.map((a) => [a.rule, a.threshold])).toEqual([['ERROR_RISING', rises]]);
    expect(open[0]!.value).toBeCloseTo(0.5 + rises / 10, 12);
  });

  it('finishes an opening that stopped between its latch and its document', async () => {
    const cnn = catalogModelById('content-cnn')!;
    const opened = { id: 'orphan', modelId: cnn.id, rule: 'LATENCY_P99_ABOVE' as const, value: 900, threshold: 500, version: null, message: 'p99', openedAt: clock, resolvedAt: null };
    await alerts.latches.insertOne({ _id: `${cnn.id}/LATENCY_P99_ABOVE`, modelId: cnn.id, alert: opened });
    expect((await monitor.alerts(cnn, false)).map((a) => a.id)).toEqual(['orphan']);
    await monitor.record([point(cnn.id, 179, { latencyP99Ms: 10 })], live);
    expect(await monitor.alerts(cnn, false)).toEqual([]);
    expect(await alerts.alerts.findOne({ _id: 'orphan' })).toMatchObject({ resolvedAt: clock });
  });
});
