import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { MongoClient, type Db } from 'mongodb';

/**
 * A MongoDB client for one test file, and a database-name prefix no other file uses, so files
 * can run side by side on one server. `drop()` removes every database made under the prefix.
 */
export async function testMongo() {
  const uri = inject('mongodbUri');
  const prefix = `t${randomUUID().replaceAll('-', '').slice(0, 10)}`;
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
  await client.connect();
  return {
    uri,
    prefix,
    client,
    db: (name: string): Db => client.db(`${prefix}_${name}`),
    async drop() {
      const { databases } = await client.db().admin().listDatabases({ nameOnly: true });
      await Promise.all(databases.filter((d) => d.name.startsWith(`${prefix}_`)).map((d) => client.db(d.name).dropDatabase()));
      await client.close();
    },
  };
}
