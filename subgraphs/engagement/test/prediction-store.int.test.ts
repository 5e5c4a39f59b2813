import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  });
});
