import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Binary } from 'mongodb';
import { UnstorableValueError } from '@telepulse/platform';
import { testMongo } from '../../../test/support/mongo.js';
import { DeadlineExceededError } from '@telepulse/platform';
import { PredictionStore } from '../src/store/prediction-store.js';
import { samplePrediction as record } from './sample-prediction.js';

/** The signal of a request that is still running. */
const live = new AbortController().signal;

describe('recording predictions on a real MongoDB-compatible server', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  let store: PredictionStore;
  beforeAll(async () => {
    mongo = await testMongo();
    store = new PredictionStore(mongo.db('engagement'));
  });
  afterAll(() => mongo.drop());

  it('stores new predictions, and returns a repeated one as first stored without writing it again', async () => {
    const first = new Date('2025-01-01T00:00:00Z');
    expect(await store.recordPredictions([record('a', first), record('b', first)], live)).toEqual([record('a', first), record('b', first)]);
    const later = new Date('2025-01-02T00:00:00Z');
    const again = await store.recordPredictions([record('c', later), record('a', later), record('c', later)], live);
    expect(again.map((r) => [r.id, r.createdAt.toISOString()])).toEqual([
      ['c', later.toISOString()],
      ['a', first.toISOString()],
      ['c', later.toISOString()],
    ]);
    expect(await store.predictions.countDocuments()).toBe(3);
  });

  it('two requests racing on the same new predictions leave one copy, and both see the same record', async () => {
    const batch = Array.from({ length: 20 }, (_, i) => record(`r${i}`, new Date(Date.UTC(2025, 0, 1, 0, i))));
    const [one, two] = await Promise.all([store.recordPredictions(batch, live), store.recordPredictions(batch, live)]);
    expect(one).toEqual(two);
    expect(await store.predictions.countDocuments({ _id: { $in: batch.map((r) => r.id) } })).toBe(20);
  });

  it('stores nothing for a request whose deadline has passed: DEADLINE_EXCEEDED', async () => {
    const late = new AbortController();
    late.abort(new DeadlineExceededError(200));
    await expect(store.recordPredictions([record('late-1', new Date())], late.signal)).rejects.toMatchObject({ code: 'DEADLINE_EXCEEDED' });
    expect(await store.predictions.countDocuments({ _id: 'late-1' })).toBe(0);
  });

  it('a prediction computed as NaN is refused with a coded error naming the field, before the driver; nothing is stored', async () => {
    const bad = { ...record('nan', new Date()), predictedEngagement: Number.NaN };
    const attempt = store.recordPredictions([record('fine', new Date()), bad], live);
    await expect(attempt).rejects.toBeInstanceOf(UnstorableValueError);
    await expect(attempt).rejects.toMatchObject({ code: 'INTERNAL_SERVER_ERROR', details: { field: 'predictions[1].predictedEngagement' } });
    expect(await store.predictions.countDocuments({ _id: { $in: ['fine', 'nan'] } })).toBe(0);
    // Inside the model input too, checked before it becomes bytes (where a NaN would pass unseen).
    const badInput = record('nan-input', new Date(), { input: [0.5, Number.POSITIVE_INFINITY], inputShape: [1, 2] });
    await expect(store.recordPredictions([badInput], live)).rejects.toMatchObject({ details: { field: 'predictions[0].input[1]' } });
    expect(await store.predictions.countDocuments({ _id: 'nan-input' })).toBe(0);
    // And in a served prediction's input, which stays the model's Float32Array until encoded.
    const badFloats = record('nan-floats', new Date(), { input: Float32Array.from([0.5, 0.25, Number.NaN]), inputShape: [1, 3] });
    await expect(store.recordPredictions([badFloats], live)).rejects.toMatchObject({ details: { field: 'predictions[0].input[2]' } });
    expect(await store.predictions.countDocuments({ _id: 'nan-floats' })).toBe(0);
  });

  it('stores the model input as bytes and reads it back exactly: float32 values as 4 bytes each, others as 8', async () => {
    const single = [0.5, Math.fround(0.1), -3, Math.fround(1e-7), 0, 7.25];
    const double = [0.1, 2 / 3, -1e-300, 5];
    // A served prediction's input is the model's Float32Array; it is read back as one.
    const f32 = record('bytes-f32', new Date('2025-02-01T00:00:00Z'), { input: Float32Array.from(single), inputShape: [2, 3] });
    const f64 = record('bytes-f64', new Date('2025-02-01T00:00:00Z'), { input: double, inputShape: [2, 2] });
    await store.recordPredictions([f32, f64], live);
    const raw = new Map((await store.predictions.find({ _id: { $in: ['bytes-f32', 'bytes-f64'] } }).toArray()).map((d) => [d._id, d.input]));
    expect(raw.get('bytes-f32')).toBeInstanceOf(Binary);
    expect((raw.get('bytes-f32') as unknown as Binary).length()).toBe(single.length * 4);
    expect((raw.get('bytes-f64') as unknown as Binary).length()).toBe(double.length * 8);
    // A fresh store (nothing cached) decodes what is stored.
    const fresh = new PredictionStore(mongo.db('engagement'));
    const read = await fresh.findByIds(['bytes-f32', 'bytes-f64']);
    expect(read.get('bytes-f32')).toEqual(f32);
    expect(read.get('bytes-f64')).toEqual(f64);
    expect((await fresh.findRecent(new Date('2025-02-01T00:00:00Z'), 10)).map((r) => r.input)).toEqual(expect.arrayContaining([Float32Array.from(single), double]));
  });

  it('reads predictions stored before, with the input as an array of numbers, as they were', async () => {
    const old = record('array-input', new Date('2025-03-01T00:00:00Z'), { input: [0.1, 0.2, 0.3, 0.4], inputShape: [2, 2] });
    const { id, ...rest } = old;
    await store.predictions.insertOne({ _id: id, ...rest, input: old.input as number[] });
    const fresh = new PredictionStore(mongo.db('engagement'));
    expect((await fresh.findByIds(['array-input'])).get('array-input')).toEqual(old);
    // Asked again, it is answered as stored (read back, not rewritten).
    expect(await fresh.recordPredictions([{ ...old, createdAt: new Date() }], live)).toEqual([old]);
    expect(Array.isArray((await store.predictions.findOne({ _id: 'array-input' }))!.input)).toBe(true);
  });
});
