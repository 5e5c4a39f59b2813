import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandStartedEvent, MongoClient } from 'mongodb';
import { launchOwnFerretDb } from '../../../test/support/own-ferretdb.js';
import { createMongoClient, isMongoUnavailable, pingMongo } from '../src/mongo.js';
import { groupCommitCounters } from '../src/group-commit.js';
import { RecordStore } from '../src/record-store.js';

interface Served {
  id: string;
  value: number;
  createdAt: Date;
}

const live = new AbortController().signal;
const served = (id: string, value = 1): Served => ({ id, value, createdAt: new Date(Date.UTC(2026, 0, 1)) });

/**
 * Group commit against a real server of the test's own, which the test freezes (SIGSTOP) while
 * a group's insert is on the wire: the insert may or may not have been applied when the driver
 * gives up, which is exactly when a retry could duplicate.
 */
describe('RecordStore group commit on a real MongoDB-compatible server', () => {
  let ferret: Awaited<ReturnType<typeof launchOwnFerretDb>>;
  let client: MongoClient;
  let store: RecordStore<Served>;
  const inserts: CommandStartedEvent[] = [];
  let onInsert: ((event: CommandStartedEvent) => void) | undefined;
  let onFind: ((event: CommandStartedEvent) => void) | undefined;

  beforeAll(async () => {
    ferret = await launchOwnFerretDb('group-commit');
    client = createMongoClient({ uri: ferret.server.uri, serverSelectionTimeoutMs: 1000, monitorCommands: true });
    client.on('commandStarted', (event) => {
      if (event.commandName === 'find') onFind?.(event);
      if (event.commandName !== 'insert') return;
      inserts.push(event);
      onInsert?.(event);
    });
    store = new RecordStore<Served>(client.db('platform').collection('served'), { cacheSize: 0 });
    // The first write also creates the index: out of the way of the counts below.
    await store.record([served('warm-up')], live);
  });
  afterAll(async () => {
    ferret?.server.resume();
    await client?.close();
    await ferret?.remove();
  });

  const insertedIds = (event: CommandStartedEvent) => (event.command.documents as { _id: string }[]).map((d) => d._id);

  it('writes concurrent calls in one insert and answers each with its own records as stored', async () => {
    inserts.length = 0;
    const calls = Array.from({ length: 20 }, (_, i) => store.record([served(`c${i}-a`), served(`c${i}-b`)], live));
    const answers = await Promise.all(calls);
    expect(answers.map((records) => records.map((r) => r.id))).toEqual(Array.from({ length: 20 }, (_, i) => [`c${i}-a`, `c${i}-b`]));
    expect(inserts).toHaveLength(1);
    expect(insertedIds(inserts[0]!)).toHaveLength(40);
    expect((await store.findByIds(answers.flat().map((r) => r.id))).size).toBe(40);
    expect(groupCommitCounters()['records:served']).toMatchObject({ largestGroup: 40 });
  });

  it('gives a record two concurrent calls both ask for to both, as first asked, inserted once', async () => {
    inserts.length = 0;
    const [first, second] = await Promise.all([store.record([served('same', 1)], live), store.record([served('same', 2)], live)]);
    expect(first).toEqual([served('same', 1)]);
    expect(second).toEqual([served('same', 1)]);
    expect(insertedIds(inserts[0]!)).toEqual(['same']);
    expect(await store.collection.countDocuments({ _id: 'same' })).toBe(1);
  });

  it("acknowledges a group's new records without waiting for another call's read back of a record stored before", async () => {
    await store.record([served('old', 1)], live);
    // The repeat's read back leaves, then the server freezes under it until the driver gives up.
    let frozen = false;
    onFind = () => {
      onFind = undefined;
      ferret.server.pause();
      frozen = true;
    };
    try {
      // One group: a repeat of a stored record and a new one.
      const repeat = store.record([served('old', 2)], live).then((records) => records, (error: unknown) => error);
      const fresh = store.record([served('new-while-reading')], live).then((records) => records, (error: unknown) => error);
      expect(await fresh).toEqual([served('new-while-reading')]);
      const outcome = await repeat;
      expect(frozen).toBe(true);
      expect(isMongoUnavailable(outcome), String(outcome)).toBe(true);
    } finally {
      onFind = undefined;
      ferret.server.resume();
    }
    while (!(await pingMongo(client.db('platform')).then(() => true, () => false)));
    expect(await store.record([served('old', 3)], live)).toEqual([served('old', 1)]);
    expect(await store.collection.countDocuments({ _id: { $in: ['old', 'new-while-reading'] } })).toBe(2);
  });

  it('fails exactly the calls of a group whose insert loses the server, loses nothing acknowledged, and a retry duplicates nothing', async () => {
    inserts.length = 0;
    const acknowledged = await store.record([served('ack-1'), served('ack-2')], live);

    // The next group's insert leaves, then the server freezes under it.
    onInsert = () => {
      onInsert = undefined;
      ferret.server.pause();
    };
    const lost = ['lost-1', 'lost-2', 'lost-3'].map((id) => store.record([served(id)], live).then(() => 'written', (error: unknown) => error));
    const outcomes = await Promise.all(lost);
    expect(inserts.map(insertedIds)).toEqual([['ack-1', 'ack-2'], ['lost-1', 'lost-2', 'lost-3']]);
    for (const outcome of outcomes) expect(isMongoUnavailable(outcome), String(outcome)).toBe(true);

    // Back: the frozen server may now apply the insert it was sent; the callers retry it.
    ferret.server.resume();
    while (!(await pingMongo(client.db('platform')).then(() => true, () => false)));
    const retried = await Promise.all(['lost-1', 'lost-2', 'lost-3'].map((id) => store.record([served(id)], live)));
    expect(retried.flat().map((r) => r.id)).toEqual(['lost-1', 'lost-2', 'lost-3']);

    const ids = ['ack-1', 'ack-2', 'lost-1', 'lost-2', 'lost-3'];
    expect(acknowledged.map((r) => r.id)).toEqual(['ack-1', 'ack-2']);
    expect(await store.collection.countDocuments({ _id: { $in: ids } })).toBe(5);
    expect([...(await store.findByIds(ids)).keys()].sort()).toEqual(ids);
  });
});
