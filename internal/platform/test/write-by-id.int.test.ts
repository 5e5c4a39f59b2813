import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient, type CommandStartedEvent, type ConnectionClosedEvent } from 'mongodb';
import { testMongo } from '../../../test/support/mongo.js';
import { UnstorableValueError } from '../src/errors.js';
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
  at?: Date;
}

describe('writeById on a real MongoDB-compatible server', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  beforeAll(async () => {
    mongo = await testMongo();
  });
  afterAll(() => mongo.drop());

  it('inserts new documents, updates changed fields only, and counts identical ones as unchanged', async () => {
    const docs = mongo.db('platform').collection<Doc>('counts');
    expect(await writeById(docs, [{ _id: 'a', value: 1 }, { _id: 'b', value: 2 }], ['value'], { signal: live, onInsert: { firstSeen: 'first' } })).toMatchObject({
      inserted: 2,
      updated: 0,
      unchanged: 0,
    });
    const second = await writeById(docs, [{ _id: 'a', value: 1 }, { _id: 'b', value: 3 }, { _id: 'c', value: 4 }], ['value'], { signal: live, onInsert: { firstSeen: 'second' } });
    expect(second).toMatchObject({ inserted: 1, updated: 1, unchanged: 1 });
    expect([...second.found.values()]).toEqual([
      { _id: 'a', value: 1, firstSeen: 'first' },
      { _id: 'b', value: 2, firstSeen: 'first' },
    ]);
    expect(await docs.find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'a', value: 1, firstSeen: 'first' },
      { _id: 'b', value: 3, firstSeen: 'first' },
      { _id: 'c', value: 4, firstSeen: 'second' },
    ]);
  });

  it('counts stored documents it claims as inserted, and still writes their changed fields', async () => {
    const docs = mongo.db('platform').collection<Doc>('claims');
    await writeById(docs, [{ _id: 'a', value: 1, firstSeen: 'run-1' }, { _id: 'b', value: 2, firstSeen: 'other' }], ['value'], { signal: live });
    const again = await writeById(docs, [{ _id: 'a', value: 5, firstSeen: 'run-1' }, { _id: 'b', value: 2 }, { _id: 'c', value: 3 }], ['value'], {
      signal: live,
      claim: (stored) => stored.firstSeen === 'run-1',
    });
    expect(again).toMatchObject({ inserted: 2, updated: 0, unchanged: 1 });
    expect(await docs.findOne({ _id: 'a' })).toEqual({ _id: 'a', value: 5, firstSeen: 'run-1' });
  });

  it('a batch of new documents is one insert: no read, no update', async () => {
    const client = new MongoClient(mongo.uri, { monitorCommands: true });
    const commands: string[] = [];
    client.on('commandStarted', (event: CommandStartedEvent) => event.databaseName.startsWith(mongo.prefix) && commands.push(event.commandName));
    try {
      const docs = client.db(`${mongo.prefix}_platform`).collection<Doc>('fresh');
      await writeById(docs, [{ _id: 'x', value: 1 }], ['value'], { signal: live });
      commands.length = 0;
      await writeById(docs, Array.from({ length: 300 }, (_, i) => ({ _id: `n${i}`, value: i })), ['value'], { signal: live });
      expect(commands).toEqual(['insert']);
    } finally {
      await client.close();
    }
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

  it.each([
    ['NaN', { value: Number.NaN }, 'nan[1].value'],
    ['Infinity', { value: Number.POSITIVE_INFINITY }, 'nan[1].value'],
    ['an invalid date', { value: 1, at: new Date('not a date') }, 'nan[1].at'],
  ])('refuses %s with UnstorableValueError naming the field, before the driver: nothing written, no connection dropped', async (_what, bad, field) => {
    const client = new MongoClient(mongo.uri);
    const closed: ConnectionClosedEvent[] = [];
    client.on('connectionClosed', (event) => closed.push(event));
    try {
      const docs = client.db(`${mongo.prefix}_platform`).collection<Doc>('nan');
      await docs.deleteMany({});
      await docs.insertOne({ _id: 'ok', value: 0 });
      const attempt = writeById(docs, [{ _id: 'fine', value: 1 }, { _id: 'bad', ...bad }], ['value', 'at'], { signal: live });
      await expect(attempt).rejects.toBeInstanceOf(UnstorableValueError);
      await expect(attempt).rejects.toMatchObject({ code: 'INTERNAL_SERVER_ERROR', details: { field } });
      expect(await docs.countDocuments()).toBe(1);
      expect(closed).toEqual([]);
    } finally {
      await client.close();
    }
  });
});
