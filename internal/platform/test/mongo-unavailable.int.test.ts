import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoBulkWriteError, MongoClient } from 'mongodb';
import { launchOwnFerretDb } from '../../../test/support/own-ferretdb.js';
import { isMongoUnavailable } from '../src/mongo.js';

/**
 * What the driver throws when a write loses its server, classified as the services answer it:
 * SERVICE_UNAVAILABLE, not INTERNAL_SERVER_ERROR. The server is frozen (SIGSTOP) under an open
 * connection, as a database that stops answering under load; this test owns its FerretDB.
 */
describe('isMongoUnavailable on a real driver error', () => {
  let ferret: Awaited<ReturnType<typeof launchOwnFerretDb>>;
  let client: MongoClient;

  beforeAll(async () => {
    ferret = await launchOwnFerretDb('unavailable');
    client = new MongoClient(ferret.server.uri, { socketTimeoutMS: 300, serverSelectionTimeoutMS: 1000 });
    await client.db('t').collection('docs').insertOne({ _id: 'first' } as never);
  });
  afterAll(async () => {
    ferret?.server.resume();
    await client?.close();
    await ferret?.remove();
  });

  it('counts an insertMany whose connection timed out (a MongoBulkWriteError around the network error) as unavailable, a duplicate key not', async () => {
    const duplicate = await client.db('t').collection('docs').insertMany([{ _id: 'first' } as never], { ordered: false }).catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(MongoBulkWriteError);
    expect(isMongoUnavailable(duplicate)).toBe(false);

    ferret.server.pause();
    try {
      const lost = await client.db('t').collection('docs').insertMany([{ _id: 'second' } as never], { ordered: false }).catch((e: unknown) => e);
      expect(lost).toBeInstanceOf(MongoBulkWriteError);
      expect(isMongoUnavailable(lost)).toBe(true);
    } finally {
      ferret.server.resume();
    }
  });
});
