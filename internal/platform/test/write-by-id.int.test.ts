import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testMongo } from '../../../test/support/mongo.js';
import { writeById } from '../src/mongo.js';
import { DeadlineExceededError } from '../src/errors.js';

/** The signal of a request that is still running, and of one whose deadline has passed. */
const live = new AbortController().signal;
const expired = (() => {
  const controller = new AbortController();
  controller.abort(new DeadlineExceededError(50));
  return controller.signal;
})();

interface Doc {
  _id: string;
  value: number;
  firstSeen?: string;
}

describe('writeById on a real MongoDB-compatible server', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  beforeAll(async () => {
    mongo = await testMongo();
  });
  afterAll(() => mongo.drop());

  it('inserts new documents, updates changed fields only, and counts identical ones as unchanged', async () => {
    const docs = mongo.db('platform').collection<Doc>('counts');
    expect(await writeById(docs, [{ _id: 'a', value: 1 }, { _id: 'b', value: 2 }], ['value'], { signal: live, onInsert: { firstSeen: 'first' } })).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    expect(await writeById(docs, [{ _id: 'a', value: 1 }, { _id: 'b', value: 3 }, { _id: 'c', value: 4 }], ['value'], { signal: live, onInsert: { firstSeen: 'second' } })).toEqual({
      inserted: 1,
      updated: 1,
      unchanged: 1,
    });
    expect(await docs.find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'a', value: 1, firstSeen: 'first' },
      { _id: 'b', value: 3, firstSeen: 'first' },
      { _id: 'c', value: 4, firstSeen: 'second' },
    ]);
  });

  it('two writers racing on the same new documents leave one copy of each, none lost', async () => {
    const docs = mongo.db('platform').collection<Doc>('race');
    const batch = Array.from({ length: 50 }, (_, i) => ({ _id: `k${i}`, value: i }));
    const [one, two] = await Promise.all([writeById(docs, batch, ['value'], { signal: live }), writeById(docs, batch, ['value'], { signal: live })]);
    // Each document was inserted by exactly one writer; the other saw it stored or lost the insert race.
    expect(one.inserted + two.inserted).toBe(50);
    expect(await docs.countDocuments()).toBe(50);
  });

  it('sends no write for a request whose deadline has passed: DEADLINE_EXCEEDED, nothing stored or changed', async () => {
    const docs = mongo.db('platform').collection<Doc>('late');
    await writeById(docs, [{ _id: 'a', value: 1 }], ['value'], { signal: live });
    await expect(writeById(docs, [{ _id: 'a', value: 2 }, { _id: 'b', value: 3 }], ['value'], { signal: expired })).rejects.toMatchObject({ code: 'DEADLINE_EXCEEDED' });
    expect(await docs.find().toArray()).toEqual([{ _id: 'a', value: 1 }]);
  });
});
