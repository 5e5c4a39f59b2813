import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeadlineExceededError, UnstorableValueError } from '@telepulse/platform';
import { testMongo } from '../../../test/support/mongo.js';
import { DetectionStore } from '../src/store/detection-store.js';
import { sampleDetection as detection } from './sample-detection.js';

/** The signal of a request that is still running. */
const live = new AbortController().signal;

describe('recording viral detections on a real MongoDB-compatible server', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  let store: DetectionStore;
  beforeAll(async () => {
    mongo = await testMongo();
    store = new DetectionStore(mongo.db('content'));
  });
  afterAll(() => mongo.drop());

  it('stores a detection asked twice once, returning the first record both times, and reads it back by id', async () => {
    const first = detection('1', new Date('2025-01-01T00:00:00Z'));
    expect(await store.recordDetections([first], live)).toEqual([first]);
    // A later ask (even one whose model run came out a hair apart) keeps the first record.
    expect(await store.recordDetections([detection('1', new Date('2025-01-05T00:00:00Z'), 0.7000001)], live)).toEqual([first]);
    expect(await store.detections.countDocuments({ _id: first.id })).toBe(1);
    expect((await store.findByIds([first.id, 'missing'])).get(first.id)).toEqual(first);
    expect((await store.findByIds(['missing'])).size).toBe(0);
  });

  it('stores a batch with new, repeated and doubled detections in one write, each place answered with the stored record', async () => {
    const at = new Date('2025-02-01T00:00:00Z');
    const batch = [detection('2', at), detection('1', at), detection('2', at), detection('3', at)];
    const stored = await store.recordDetections(batch, live);
    expect(stored.map((r) => [r.postId, r.createdAt.toISOString()])).toEqual([
      ['2', at.toISOString()],
      ['1', '2025-01-01T00:00:00.000Z'],
      ['2', at.toISOString()],
      ['3', at.toISOString()],
    ]);
    expect(await store.detections.countDocuments()).toBe(3);
  });

  it('leaves one copy when two requests race on the same new detections', async () => {
    const batch = Array.from({ length: 8 }, (_, i) => detection(`race-${i}`, new Date(Date.UTC(2025, 2, 1, i))));
    const [one, two] = await Promise.all([store.recordDetections(batch, live), store.recordDetections(batch, live)]);
    expect(one).toEqual(two);
    expect(await store.detections.countDocuments({ _id: { $in: batch.map((r) => r.id) } })).toBe(8);
  });

  it('writes nothing once the request has passed its deadline', async () => {
    const late = new AbortController();
    late.abort(new DeadlineExceededError(150));
    const record = detection('late', new Date());
    await expect(store.recordDetections([record], late.signal)).rejects.toMatchObject({ code: 'DEADLINE_EXCEEDED' });
    expect(await store.detections.countDocuments({ _id: record.id })).toBe(0);
  });

  it('refuses a score that came out NaN, naming the field, and writes none of the batch', async () => {
    const [fine, broken] = [detection('fine', new Date()), detection('nan', new Date(), Number.NaN)];
    await expect(store.recordDetections([fine, broken], live)).rejects.toBeInstanceOf(UnstorableValueError);
    expect(await store.detections.countDocuments({ _id: { $in: [fine.id, broken.id] } })).toBe(0);
  });
});
