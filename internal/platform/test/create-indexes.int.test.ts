import type { IndexDescription } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testMongo } from '../../../test/support/mongo.js';
import { createIndexesOneByOne } from '../src/mongo.js';

const INDEXES: IndexDescription[] = [
  { key: { slot: 1 }, name: 'one_per_prediction', unique: true },
  { key: { modelId: 1, seq: 1 }, name: 'model_sequence', unique: true },
];

/** Every start of a store creates its indexes again: the second time must be as quiet as the first (FerretDB 1.24 drops the connection when one command names several existing indexes). */
describe('createIndexesOneByOne on a real MongoDB-compatible server', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  beforeAll(async () => {
    mongo = await testMongo();
  });
  afterAll(() => mongo.drop());

  it('creates the indexes, and again at the next start (another client, the indexes there), changing nothing', async () => {
    const collection = mongo.db('indexes').collection('items');
    await collection.insertOne({ slot: 'a', modelId: 'm', seq: 1 });
    await createIndexesOneByOne(collection, INDEXES);
    const restarted = await testMongo();
    try {
      const again = restarted.client.db(`${mongo.prefix}_indexes`).collection('items');
      await createIndexesOneByOne(again, INDEXES);
      await createIndexesOneByOne(again, INDEXES);
      const names = (await again.indexes()).map((i) => i.name).sort();
      expect(names).toEqual(['_id_', 'model_sequence', 'one_per_prediction']);
      await expect(again.insertOne({ slot: 'a', modelId: 'm', seq: 2 })).rejects.toMatchObject({ code: 11000 });
    } finally {
      await restarted.client.close();
    }
  });
});
