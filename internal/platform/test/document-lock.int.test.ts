import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testMongo } from '../../../test/support/mongo.js';
import { withDocumentLock, type LockDoc } from '../src/document-lock.js';
import { UnavailableError } from '../src/errors.js';

describe('withDocumentLock on a real MongoDB-compatible server', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  const locks = () => mongo.db('platform').collection<LockDoc>('locks');
  beforeAll(async () => {
    mongo = await testMongo();
  });
  afterAll(() => mongo.drop());

  it('serialises read-modify-write of one document: concurrent increments are all kept', async () => {
    const counters = mongo.db('platform').collection<{ _id: string; n: number }>('counters');
    await counters.insertOne({ _id: 'c', n: 0 });
    const increment = () =>
      withDocumentLock(locks(), 'c', async () => {
        const { n } = (await counters.findOne({ _id: 'c' }))!;
        await counters.replaceOne({ _id: 'c' }, { n: n + 1 });
      });
    await Promise.all(Array.from({ length: 6 }, async () => { for (let i = 0; i < 5; i++) await increment(); }));
    expect((await counters.findOne({ _id: 'c' }))!.n).toBe(30);
    expect(await locks().countDocuments({ _id: 'c' })).toBe(0);
  });

  it('releases the lock when the critical section fails', async () => {
    await expect(withDocumentLock(locks(), 'fails', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await withDocumentLock(locks(), 'fails', async () => 'next', { waitMs: 0 })).toBe('next');
  });

  it('takes over a lock older than staleMs (its holder died), and waits no longer than waitMs for a live one', async () => {
    await locks().insertOne({ _id: 'dead', owner: 'gone', at: new Date(Date.now() - 60_000) });
    expect(await withDocumentLock(locks(), 'dead', async () => 'taken over', { staleMs: 1000 })).toBe('taken over');

    await locks().insertOne({ _id: 'live', owner: 'busy', at: new Date() });
    await expect(withDocumentLock(locks(), 'live', async () => 'never', { waitMs: 100 })).rejects.toBeInstanceOf(UnavailableError);
  });
});
