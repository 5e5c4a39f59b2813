import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Binary } from 'mongodb';
import { DeadlineExceededError, UnstorableValueError } from '@telepulse/platform';
import { testMongo } from '../../../test/support/mongo.js';
import { ForecastStore } from '../src/store/forecast-store.js';
import { sampleForecast } from './sample-forecast.js';

/** The signal of a request that is still running. */
const live = new AbortController().signal;

const forecast = sampleForecast;

describe('recording forecasts on a real MongoDB-compatible server', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  let store: ForecastStore;
  beforeAll(async () => {
    mongo = await testMongo();
    store = new ForecastStore(mongo.db('growth'));
  });
  afterAll(() => mongo.drop());

  it('stores a forecast asked twice as one document, the first record returned both times', async () => {
    const first = new Date('2025-01-01T00:00:00Z');
    expect(await store.recordForecasts([forecast('f1', first)], live)).toEqual([forecast('f1', first)]);
    const again = await store.recordForecasts([forecast('f1', new Date('2025-01-02T00:00:00Z'))], live);
    expect(again).toEqual([forecast('f1', first)]);
    expect(await store.forecasts.countDocuments({ _id: 'f1' })).toBe(1);
    expect((await store.findByIds(['f1'])).get('f1')).toEqual(forecast('f1', first));
  });

  it('two requests racing on the same new forecasts leave one copy each, and both see the same records', async () => {
    const batch = Array.from({ length: 10 }, (_, i) => forecast(`r${i}`, new Date(Date.UTC(2025, 0, 1, 0, i))));
    const [one, two] = await Promise.all([store.recordForecasts(batch, live), store.recordForecasts(batch, live)]);
    expect(one).toEqual(two);
    expect(await store.forecasts.countDocuments({ _id: { $in: batch.map((r) => r.id) } })).toBe(10);
  });

  it('stores a request with a repeat in one write, returning the stored record in each place asked', async () => {
    const at = new Date('2025-02-01T00:00:00Z');
    const stored = await store.recordForecasts([forecast('m1', at), forecast('f1', at), forecast('m1', at)], live);
    expect(stored.map((r) => [r.id, r.createdAt.toISOString()])).toEqual([
      ['m1', at.toISOString()],
      ['f1', '2025-01-01T00:00:00.000Z'],
      ['m1', at.toISOString()],
    ]);
    expect(await store.forecasts.countDocuments({ _id: 'm1' })).toBe(1);
  });

  it('stores nothing for a request whose deadline has passed: DEADLINE_EXCEEDED', async () => {
    const late = new AbortController();
    late.abort(new DeadlineExceededError(200));
    await expect(store.recordForecasts([forecast('late', new Date())], late.signal)).rejects.toMatchObject({ code: 'DEADLINE_EXCEEDED' });
    expect(await store.forecasts.countDocuments({ _id: 'late' })).toBe(0);
  });

  it('refuses a forecast computed as NaN with a coded error naming the field; nothing is stored', async () => {
    const bad = forecast('nan', new Date());
    bad.points[1]!.upper95 = Number.NaN;
    await expect(store.recordForecasts([forecast('fine', new Date()), bad], live)).rejects.toBeInstanceOf(UnstorableValueError);
    expect(await store.forecasts.countDocuments({ _id: { $in: ['fine', 'nan'] } })).toBe(0);
  });

  it('stores the model input as float32 bytes and reads it back exactly, as a Float32Array', async () => {
    const input = Float32Array.from([0.5, Math.fround(0.1), -3, Math.fround(1e-7), 0, 7.25]);
    const served = forecast('bytes', new Date('2025-03-01T00:00:00Z'), { input, inputShape: [3, 2] });
    await store.recordForecasts([served], live);
    const raw = await store.forecasts.findOne({ _id: 'bytes' });
    expect(raw!.input).toBeInstanceOf(Binary);
    expect((raw!.input as Binary).length()).toBe(input.length * 4);
    // A fresh store (nothing cached) decodes what is stored.
    expect((await new ForecastStore(mongo.db('growth')).findByIds(['bytes'])).get('bytes')).toEqual(served);
  });

  it('reads forecasts stored before, with the input as an array of numbers, as they were', async () => {
    const old = forecast('array-input', new Date('2025-03-02T00:00:00Z'), { input: [0.1, 0.2], inputShape: [1, 2] });
    const { id, ...rest } = old;
    await store.forecasts.insertOne({ _id: id, ...rest, input: old.input as number[] });
    const fresh = new ForecastStore(mongo.db('growth'));
    expect((await fresh.findByIds(['array-input'])).get('array-input')).toEqual(old);
    expect(await fresh.recordForecasts([{ ...old, createdAt: new Date() }], live)).toEqual([old]);
  });
});
