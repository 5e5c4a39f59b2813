import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandStartedEvent, CommandSucceededEvent } from 'mongodb';
import { simulateChannels } from '@telepulse/dataset';
import type { FerretDb } from '@telepulse/devstack/ferretdb';
import { launchOwnFerretDb } from '../support/own-ferretdb.js';
import { startStack } from '../support/stack.js';
import { pollUntil } from '../support/poll.js';

const [record] = simulateChannels({ seed: 23, channels: 1, days: 60, idPrefix: 'cut' });
const posts = record!.posts;
const points = record!.subscriberCounts;
const COUNTS = `mutation($c: ID!, $p: [SubscriberCountInput!]!) { ingestSubscriberCounts(channelId: $c, points: $p) { inserted updated unchanged rejected } }`;
const INGEST = `mutation($c: ID!, $p: [PostInput!]!) { ingestPosts(channelId: $c, posts: $p) { inserted updated unchanged rejected } }`;
const READ = `query($c: ID!) {
  channel(id: $c) { id postCount recentPosts { id } posts(limit: 1000) { id } }
  listChannels(limit: 500) { id postCount recentPosts { id } }
}`;
const WRITES = new Set(['insert', 'update', 'delete', 'findAndModify']);
/** Writes of channel data (not of any bookkeeping the store may keep beside it). */
const DATA = new Set(['channels', 'posts', 'subscriber_counts']);
const isDataWrite = (event: CommandStartedEvent | CommandSucceededEvent, database: string, command?: Record<string, unknown>) =>
  event.databaseName === database && WRITES.has(event.commandName) && (command === undefined || DATA.has(String(command[event.commandName])));

/**
 * The database freezes (SIGSTOP: connections stay open, nothing answers) at each point of an
 * ingest that creates a channel: after each of its writes, and as its last write is sent (that
 * one reaches the server, which applies it once it runs again, after the client gave up). The
 * call fails with SERVICE_UNAVAILABLE; whatever readers see then is a channel with all its posts
 * or no channel; the same call, retried, completes and leaves the right counts.
 */
describe('an ingest interrupted by a frozen database', () => {
  let server: FerretDb;
  let removeServer: (() => Promise<void>) | undefined;
  let stack: Awaited<ReturnType<typeof startStack>>;
  let channelsDb: string;
  let writesPerIngest = 0;

  /** Runs `action`, freezing the server at the `nth` data write to the channels database: as it is sent, or once it succeeded. */
  async function freezingAt<R>(nth: number, when: 'sent' | 'succeeded', action: () => Promise<R>): Promise<R> {
    let writes = 0;
    let current: number | undefined;
    let froze = false;
    const freeze = () => {
      server.pause();
      froze = true;
    };
    const onStarted = (event: CommandStartedEvent) => {
      if (!isDataWrite(event, channelsDb, event.command)) return;
      writes += 1;
      current = event.requestId;
      if (when === 'sent' && writes === nth) freeze();
    };
    const onSucceeded = (event: CommandSucceededEvent) => {
      if (when === 'succeeded' && writes === nth && event.requestId === current) freeze();
    };
    stack.client.on('commandStarted', onStarted);
    stack.client.on('commandSucceeded', onSucceeded);
    try {
      const result = await action();
      expect(froze, `the database was frozen at data write ${nth} (${when})`).toBe(true);
      return result;
    } finally {
      stack.client.off('commandStarted', onStarted);
      stack.client.off('commandSucceeded', onSucceeded);
    }
  }

  /** What a reader sees of the channel: itself (or null) and its entry in listChannels. */
  async function read(id: string) {
    const result = await stack.query<{ channel: any; listChannels: any[] }>(READ, { c: id });
    const notFound = result.errors?.every((e) => e.extensions?.code === 'NOT_FOUND' && e.path?.[0] === 'channel');
    expect(result.errors === undefined || notFound, JSON.stringify(result.errors)).toBe(true);
    return { channel: result.data!.channel, listed: result.data!.listChannels.find((c) => c.id === id) };
  }

  beforeAll(async () => {
    ({ server, remove: removeServer } = await launchOwnFerretDb('freeze'));
    stack = await startStack({ mongodbUri: server.uri, prefix: 'freeze' });
    channelsDb = stack.db('channels').databaseName;
    // An uninterrupted ingest of a new channel, to learn how many writes one makes.
    let writes = 0;
    const count = (event: CommandStartedEvent) => void (isDataWrite(event, channelsDb, event.command) && writes++);
    stack.client.on('commandStarted', count);
    const control = await stack.query(INGEST, { c: 'cut-control', p: posts });
    stack.client.off('commandStarted', count);
    expect(control.errors).toBeUndefined();
    writesPerIngest = writes;
    expect(writesPerIngest).toBeGreaterThanOrEqual(2);
  });
  afterAll(async () => {
    await stack?.stop();
    await removeServer?.();
  });

  const cuts = [
    { name: 'after its first write', nth: () => 1, when: 'succeeded' as const },
    { name: 'after its next-to-last write', nth: () => writesPerIngest - 1, when: 'succeeded' as const },
    { name: 'as its last write is sent (applied after the client gave up)', nth: () => writesPerIngest, when: 'sent' as const },
  ];

  it.each(cuts.map((cut, i) => ({ ...cut, id: `cut-${i + 1}` })))('frozen $name: fails, shows no channel without its posts, and a retry heals it', async ({ id, nth, when }) => {
    const failed = await freezingAt(nth(), when, () => stack.query(INGEST, { c: id, p: posts }));
    expect(failed.errors?.map((e) => e.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);

    server.resume();
    await pollUntil(() => stack.query('{ listChannels(limit: 1) { id } }'), (r) => r.errors === undefined, { intervalMs: 200 });

    const between = await read(id);
    for (const seen of [between.channel, between.listed]) {
      if (seen) {
        expect(seen.postCount).toBe(posts.length);
        expect(seen.recentPosts).toHaveLength(32);
      }
    }
    if (between.channel) expect(between.channel.posts).toHaveLength(posts.length);

    const retried = await stack.query(INGEST, { c: id, p: posts });
    expect(retried.errors).toBeUndefined();
    const counts = (retried.data as any).ingestPosts;
    expect(counts).toMatchObject({ updated: 0, rejected: 0 });
    // What the failed call left uncommitted counts as inserted by the retry; what its late commit applied is unchanged.
    if (between.channel) expect(counts.inserted + counts.unchanged).toBe(posts.length);
    else expect(counts).toMatchObject({ inserted: posts.length, unchanged: 0 });

    const healed = await read(id);
    expect(healed.channel).toMatchObject({ id, postCount: posts.length });
    expect(healed.channel.posts).toHaveLength(posts.length);
    expect(posts.length).toBeGreaterThan(32);
    const newest = [...posts].sort((a, b) => b.postedAt.localeCompare(a.postedAt) || b.id.localeCompare(a.id)).slice(0, 32);
    expect(healed.channel.recentPosts.map((p: { id: string }) => p.id)).toEqual(newest.map((p) => p.id));
    expect(healed.listed).toMatchObject({ id, postCount: posts.length });
  });

  it('subscriber counts of a new channel frozen after their items were written: no channel shows, a retry stores each day once', async () => {
    const id = 'cut-counts';
    const failed = await freezingAt(writesPerIngest - 1, 'succeeded', () => stack.query(COUNTS, { c: id, p: points }));
    expect(failed.errors?.map((e) => e.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);
    server.resume();
    await pollUntil(() => stack.query('{ listChannels(limit: 1) { id } }'), (r) => r.errors === undefined, { intervalMs: 200 });
    expect((await read(id)).channel).toBeNull();

    const retried = await stack.query(COUNTS, { c: id, p: points });
    expect(retried.data).toEqual({ ingestSubscriberCounts: { inserted: points.length, updated: 0, unchanged: 0, rejected: 0 } });
    const healed = await stack.query(`query($c: ID!) { channel(id: $c) { subscriberCounts { date count } latestSubscriberCount { date count } } }`, { c: id });
    expect(healed.errors).toBeUndefined();
    expect((healed.data as any).channel.subscriberCounts).toEqual(points);
    expect((healed.data as any).channel.latestSubscriberCount).toEqual(points[points.length - 1]);
  });
});
