/**
 * How many documents the system's databases hold, by database: two readings apart give the
 * documents a run added (inserts net of deletes; an update in place does not show here, its
 * `update` command does in the command counts). Read outside the measured stretch: the counts
 * are commands to the database too.
 */
import type { MongoClient } from 'mongodb';

/** Documents in every collection of every database whose name starts with `prefix`, by database. */
export async function countDocuments(client: MongoClient, prefix: string): Promise<Map<string, number>> {
  const { databases } = await client.db('admin').admin().listDatabases({ nameOnly: true });
  const counts = new Map<string, number>();
  for (const { name } of databases.filter((d) => d.name.startsWith(prefix))) {
    const db = client.db(name);
    let total = 0;
    for (const { name: collection } of await db.listCollections({}, { nameOnly: true }).toArray()) total += await db.collection(collection).countDocuments();
    counts.set(name, total);
  }
  return counts;
}
