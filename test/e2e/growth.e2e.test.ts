import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Binary } from 'mongodb';
import { simulateChannels, type ChannelRecord } from '@telepulse/dataset';
import { seedChannels } from '@telepulse/devstack/seed';
import { addDays, dayMs, GROWTH_MIN_DAYS, GROWTH_WINDOW } from '@telepulse/models/growth/series';
import growth from '@telepulse/growth/subgraph';
import { PATTERNS_MIN_DAYS } from '@telepulse/growth/domain/patterns';
import { testMongo } from '../support/mongo.js';
import { startStack } from '../support/stack.js';

const spanDays = (c: ChannelRecord) => (dayMs(c.subscriberCounts.at(-1)!.date) - dayMs(c.subscriberCounts[0]!.date)) / 86_400_000 + 1;
// Channels counted over their whole 90 days (the simulator starts some channels' counts late).
const [steady, second, third] = simulateChannels({ seed: 19, channels: 8, days: 90, idPrefix: 'g2e' }).filter((c) => c.subscriberCounts.length > 0 && spanDays(c) === 90) as [ChannelRecord, ChannelRecord, ChannelRecord];
// Ten days of counts: too few for a forecast or patterns.
const short: ChannelRecord = { ...steady, id: 'g2e-short', subscriberCounts: Array.from({ length: 10 }, (_, i) => ({ date: addDays('2024-12-22', i), count: 500 + i })) };
// Posts and no subscriber history, as the real channel dona134.
const uncounted: ChannelRecord = { ...steady, id: 'g2e-uncounted', subscriberCounts: [] };
const lastCount = steady.subscriberCounts[steady.subscriberCounts.length - 1]!;

const FORECAST = `mutation($c: ID!, $d: Int!) {
  forecastGrowth(channelId: $c, days: $d) {
    id modelName modelVersion createdAt days lastDate lastCount historyDays channel { id title }
    points { date value lower80 upper80 lower95 upper95 }
    baseline { date value }
  }
}`;
const ASK = `mutation($c: ID!, $d: Int!) { forecastGrowth(channelId: $c, days: $d) { id createdAt } }`;
const PATTERNS = `query($id: ID!) {
  channel(id: $id) {
    growthPatterns {
      from to days
      trend { recentDays dailyGrowthRate weeklyGrowthRate dailyGain previousDailyGrowthRate direction }
      seasonality { strength bestWeekday worstWeekday weekdays { weekday medianGain effect } }
      changePoints { date rateBefore rateAfter gainBefore gainAfter }
      anomalies { date kind gain expectedGain excess score }
    }
  }
}`;

describe('growth through the gateway', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  const forecasts = () => stack.db('growth').collection('growth_forecasts');
  const forecaster = () => stack.runtime(growth).forecaster;

  beforeAll(async () => {
    mongo = await testMongo();
    stack = await startStack({ mongodbUri: mongo.uri, prefix: mongo.prefix });
    await seedChannels(stack.query, [steady, second, third, short, uncounted]);
  });
  afterAll(async () => {
    await stack?.stop();
    await mongo?.drop();
  });

  it('forecasts the days after the latest count with nested intervals and the baseline, and stores it with its exact input', async () => {
    const result = await stack.query(FORECAST, { c: steady.id, d: 7 });
    expect(result.errors).toBeUndefined();
    const forecast = result.data!.forecastGrowth as any;
    expect(forecast).toMatchObject({
      modelName: 'growth',
      modelVersion: forecaster().version,
      days: 7,
      lastDate: lastCount.date,
      lastCount: lastCount.count,
      historyDays: GROWTH_WINDOW,
      channel: { id: steady.id, title: steady.title },
    });
    const dates = Array.from({ length: 7 }, (_, d) => addDays(lastCount.date, d + 1));
    expect(forecast.points.map((p: { date: string }) => p.date)).toEqual(dates);
    expect(forecast.baseline.map((p: { date: string }) => p.date)).toEqual(dates);
    for (const p of forecast.points) {
      expect(p.lower95).toBeLessThanOrEqual(p.lower80);
      expect(p.lower80).toBeLessThanOrEqual(p.value);
      expect(p.value).toBeLessThanOrEqual(p.upper80);
      expect(p.upper80).toBeLessThanOrEqual(p.upper95);
      expect(p.value).toBeGreaterThan(0);
    }

    const stored = await forecasts().findOne({ _id: forecast.id });
    expect(stored).toMatchObject({ channelId: steady.id, modelVersion: forecaster().version, days: 7, lastDate: lastCount.date });
    const [rows, columns] = stored!.inputShape as [number, number];
    // The model input as float32 bytes (internal/platform/src/input-bytes-codec.ts): 4 per value.
    expect(stored!.input).toBeInstanceOf(Binary);
    expect((stored!.input as Binary).length()).toBe(rows * columns * 4);

    const read = await stack.query(`query($id: ID!) { growthForecast(id: $id) { id days } forecastIntervals(forecastId: $id) { date value lower80 upper80 lower95 upper95 } }`, { id: forecast.id });
    expect(read.errors).toBeUndefined();
    expect(read.data).toEqual({ growthForecast: { id: forecast.id, days: 7 }, forecastIntervals: forecast.points });
  });

  it('answers the same question with the same forecast and stores it once, asked in turn or at once, by the mutation or the Channel field', async () => {
    const before = await forecasts().countDocuments();
    const first = await stack.query(ASK, { c: second.id, d: 14 });
    const again = await stack.query(ASK, { c: second.id, d: 14 });
    expect(first.errors).toBeUndefined();
    expect(again.data).toEqual(first.data);
    expect(await forecasts().countDocuments()).toBe(before + 1);

    // The Channel field reads the same counts: the same forecast, first createdAt included.
    const field = await stack.query(`query($id: ID!) { channel(id: $id) { growthForecast(days: 14) { id createdAt } } }`, { id: second.id });
    expect((field.data!.channel as any).growthForecast).toEqual(first.data!.forecastGrowth);

    // Concurrent identical requests: one document, one record for all.
    const racing = await Promise.all(Array.from({ length: 4 }, () => stack.query(ASK, { c: third.id, d: 3 })));
    expect(racing.map((r) => r.errors)).toEqual([undefined, undefined, undefined, undefined]);
    expect(new Set(racing.map((r) => JSON.stringify(r.data)))).toHaveProperty('size', 1);
    expect(await forecasts().countDocuments()).toBe(before + 2);

    // Another horizon is another forecast.
    const other = await stack.query(ASK, { c: second.id, d: 13 });
    expect((other.data!.forecastGrowth as { id: string }).id).not.toBe((first.data!.forecastGrowth as { id: string }).id);
  });

  it('forecasts N channels of one query with two reads through the gateway, one model run and one write', async () => {
    const reads = stack.runtime(growth).supergraph.stats.requests;
    const runs = { ...forecaster().model.stats };
    const { result, writes } = await stack.writesTo('growth_forecasts', () =>
      stack.query(`query($ids: [ID!]!) { channels(ids: $ids) { id growthForecast(days: 5) { id channel { id } } } }`, { ids: [steady.id, second.id, third.id] }),
    );
    expect(result.errors).toBeUndefined();
    expect((result.data!.channels as any[]).map((c) => c.growthForecast.channel.id)).toEqual([steady.id, second.id, third.id]);
    expect(writes).toEqual(['insert']);
    // Where the counts end, then the series of those not cached (steady's may be, from an earlier test).
    expect(stack.runtime(growth).supergraph.stats.requests - reads).toBeGreaterThanOrEqual(1);
    expect(stack.runtime(growth).supergraph.stats.requests - reads).toBeLessThanOrEqual(2);
    expect(forecaster().model.stats.batches - runs.batches).toBe(1);
    expect(forecaster().model.stats.requests - runs.requests).toBe(3);
  });

  it("reads a channel's series once for forecasts without an ingest between them, and again after one, whose counts the next forecast sees", async () => {
    const counts = third.subscriberCounts;
    const channel: ChannelRecord = { ...third, id: 'g2e-cached', title: '', posts: [], subscriberCounts: counts.slice(0, -1) };
    await seedChannels(stack.query, [channel]);
    const reads = () => ({ ...stack.runtime(growth).supergraph.stats.byOperation });
    const delta = (before: Record<string, number>, name: string) => (reads()[name] ?? 0) - (before[name] ?? 0);
    const lastDate = async (days: number) => {
      const result = await stack.query(FORECAST, { c: channel.id, d: days });
      expect(result.errors).toBeUndefined();
      return (result.data!.forecastGrowth as { lastDate: string }).lastDate;
    };

    const before = reads();
    expect(await lastDate(5)).toBe(counts.at(-2)!.date);
    expect(await lastDate(7)).toBe(counts.at(-2)!.date);
    expect(delta(before, 'GrowthChannelLatest')).toBe(2);
    expect(delta(before, 'GrowthChannelSeries')).toBe(1);

    await seedChannels(stack.query, [{ ...channel, subscriberCounts: counts.slice(-1) }]);
    expect(await lastDate(5)).toBe(counts.at(-1)!.date);
    expect(delta(before, 'GrowthChannelSeries')).toBe(2);
  });

  it.each([0, 31])('refuses %i days with BAD_USER_INPUT naming days, and stores nothing', async (days) => {
    const before = await forecasts().countDocuments();
    const result = await stack.query(ASK, { c: steady.id, d: days });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'days', value: days });
    expect(result.errors?.[0]?.message).toBe(`days: must be between 1 and 30, got ${days}`);
    const field = await stack.query(`query($id: ID!, $d: Int!) { channel(id: $id) { id growthForecast(days: $d) { id } } }`, { id: steady.id, d: days });
    expect(field.data).toEqual({ channel: { id: steady.id, growthForecast: null } });
    expect(field.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'days' });
    expect(await forecasts().countDocuments()).toBe(before);
  });

  it('answers NOT_FOUND for an unknown channel, in a forecast and in a pattern analysis', async () => {
    const forecast = await stack.query(ASK, { c: 'no-such-channel', d: 7 });
    expect(forecast.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', id: 'no-such-channel' });
    const patterns = await stack.query(`{ analyzeGrowthPatterns(channelId: "no-such-channel") { days } }`);
    expect(patterns.data).toEqual({ analyzeGrowthPatterns: null });
    expect(patterns.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', id: 'no-such-channel' });
  });

  it('refuses a history too short with BAD_USER_INPUT saying how many days exist and are needed: 10 days, and none at all', async () => {
    const before = await forecasts().countDocuments();
    const tooShort = await stack.query(ASK, { c: short.id, d: 7 });
    expect(tooShort.errors?.[0]).toMatchObject({
      message: `channelId: has 10 days of subscriber counts; a forecast needs at least ${GROWTH_MIN_DAYS}, got "${short.id}"`,
      extensions: { code: 'BAD_USER_INPUT', field: 'channelId', value: short.id, reason: 'GROWTH_HISTORY_TOO_SHORT', days: 10, needed: GROWTH_MIN_DAYS },
    });
    // A channel with posts and no counts (as dona134): the same answer with 0 days, in the comprehensive query too.
    const none = await stack.query(`query($id: ID!) { channel(id: $id) { id postCount growthForecast(days: 7) { id } growthPatterns { days } } }`, { id: uncounted.id });
    expect(none.data).toEqual({ channel: { id: uncounted.id, postCount: uncounted.posts.length, growthForecast: null, growthPatterns: null } });
    expect(none.errors?.map((e) => [e.path?.join('.'), e.extensions?.code, e.extensions?.days, e.extensions?.needed])).toEqual([
      ['channel.growthForecast', 'BAD_USER_INPUT', 0, GROWTH_MIN_DAYS],
      ['channel.growthPatterns', 'BAD_USER_INPUT', 0, PATTERNS_MIN_DAYS],
    ]);
    expect(await forecasts().countDocuments()).toBe(before);
  });

  it('needs the predict scope to forecast: UNAUTHENTICATED without a token, FORBIDDEN with ingest only; nothing stored', async () => {
    const before = await forecasts().countDocuments();
    const anonymous = await stack.query(ASK, { c: steady.id, d: 2 }, { token: null });
    expect(anonymous.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', field: 'Mutation.forecastGrowth', requiredScopes: [['predict']] });
    const ingestOnly = await stack.query(ASK, { c: steady.id, d: 2 }, { token: await stack.token({ scopes: ['ingest'] }) });
    expect(ingestOnly.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', missingScopes: ['predict'] });
    expect(await forecasts().countDocuments()).toBe(before);
    const allowed = await stack.query(ASK, { c: steady.id, d: 2 }, { token: await stack.token({ scopes: ['predict'] }) });
    expect(allowed.errors).toBeUndefined();
  });

  it('answers the comprehensive query on a seeded channel: its forecast and its patterns, the same as analyzeGrowthPatterns', async () => {
    const result = await stack.query(
      `query($id: ID!) {
        channel(id: $id) {
          growthForecast(days: 7) { points { date value lower80 upper80 lower95 upper95 } }
          growthPatterns {
            from to days
            trend { dailyGrowthRate weeklyGrowthRate direction }
            seasonality { strength bestWeekday worstWeekday }
            changePoints { date rateBefore rateAfter }
            anomalies { date kind gain excess score }
          }
        }
        systemHealth { services { name status models { name version loaded } } }
      }`,
      { id: steady.id },
    );
    expect(result.errors).toBeUndefined();
    const { channel, systemHealth } = result.data as any;
    expect(channel.growthForecast.points).toHaveLength(7);
    expect(channel.growthPatterns).toMatchObject({ from: steady.subscriberCounts[0]!.date, to: lastCount.date, days: spanDays(steady) });
    expect(['ACCELERATING', 'SLOWING', 'STEADY']).toContain(channel.growthPatterns.trend.direction);
    expect(channel.growthPatterns.seasonality.strength).toBeGreaterThanOrEqual(0);
    expect(channel.growthPatterns.seasonality.strength).toBeLessThanOrEqual(1);
    expect(systemHealth.services).toContainEqual({ name: 'growth', status: 'UP', models: [{ name: 'growth', version: forecaster().version, loaded: true }] });

    const full = await stack.query(PATTERNS, { id: steady.id });
    const root = await stack.query(PATTERNS.replace('channel(id: $id) {', 'channel: analyzeGrowthPatterns(channelId: $id) {').replace(/growthPatterns \{([\s\S]*)\}\s*\}\s*\}$/, '$1 } }'), { id: steady.id });
    expect(full.errors).toBeUndefined();
    expect(root.errors).toBeUndefined();
    expect((root.data as any).channel).toEqual((full.data as any).channel.growthPatterns);
  });

  it('validates a series without forecasting: errors for broken counts and dates, warnings for gaps, jumps and too few days', async () => {
    const VALIDATE = `query($v: [Float!]!, $d: [Date!]) { validateTimeSeries(values: $v, dates: $d) { valid errors { field value message } warnings { field value message } } }`;
    const broken = await stack.query(VALIDATE, { v: [100, -1, 102.5, 104], d: ['2024-01-01', '2024-01-02', '2024-01-02', '2024-01-01'] });
    expect(broken.errors).toBeUndefined();
    expect(broken.data!.validateTimeSeries).toMatchObject({
      valid: false,
      errors: [
        { field: 'values[1]', value: '-1', message: 'must be at least 0' },
        { field: 'values[2]', value: '102.5', message: 'must be a whole number of subscribers' },
        { field: 'dates[2]', value: '2024-01-02', message: 'repeats dates[1]: one count per day' },
        { field: 'dates[3]', value: '2024-01-01', message: 'is before dates[2] (2024-01-02): dates must ascend' },
      ],
    });
    const warned = await stack.query(VALIDATE, { v: [100, 101, 300, 301], d: ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-06'] });
    expect(warned.data!.validateTimeSeries).toMatchObject({ valid: true, errors: [] });
    expect((warned.data!.validateTimeSeries as any).warnings.map((w: { field: string }) => w.field)).toEqual(['values[2]', 'dates[3]', 'values']);
    const mismatched = await stack.query(VALIDATE, { v: [1, 2, 3], d: ['2024-01-01'] });
    expect((mismatched.data!.validateTimeSeries as any).errors[0]).toEqual({ field: 'dates', value: '1', message: 'must hold one date per value (3), got 1' });
  });

  it('refuses a series that is not one with BAD_USER_INPUT naming the field: a date off the calendar, more values than the limit', async () => {
    const VALIDATE = `query($v: [Float!]!, $d: [Date!]) { validateTimeSeries(values: $v, dates: $d) { valid } }`;
    const offCalendar = await stack.query(VALIDATE, { v: [1, 2], d: ['2024-01-01', '2024-02-30'] });
    expect(offCalendar.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'dates[1]' });
    const tooMany = await stack.query(VALIDATE, { v: new Array(10_001).fill(1) });
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'values', value: 10_001 });
  });

  it('answers NOT_FOUND for the intervals of an unknown forecast', async () => {
    const result = await stack.query(`{ forecastIntervals(forecastId: "no-such-forecast") { date } }`);
    expect(result.data).toEqual({ forecastIntervals: null });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', kind: 'GrowthForecast', id: 'no-such-forecast' });
  });

  it('describes the model in service: version, source, window and horizon, and its held-out results by horizon', async () => {
    const result = await stack.query(`{ growthModel { name version source executionProvider window horizon heldOut { days relativeMae coverage80 coverage95 } } }`);
    expect(result.errors).toBeUndefined();
    const { metadata } = forecaster();
    expect(result.data!.growthModel).toEqual({
      name: 'growth',
      version: metadata.version,
      source: 'registry',
      executionProvider: forecaster().model.provider.name,
      window: GROWTH_WINDOW,
      horizon: 30,
      heldOut: metadata.metrics.test.horizons.map(({ days, relativeMae, coverage80, coverage95 }) => ({ days, relativeMae, coverage80, coverage95 })),
    });
    expect((result.data!.growthModel as { heldOut: unknown[] }).heldOut.length).toBeGreaterThan(0);
  });
});
