import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateChannels } from '@telepulse/dataset';
import { seedChannels } from '@telepulse/devstack/seed';
import { testMongo } from '../support/mongo.js';
import { startStack } from '../support/stack.js';

const [seeded] = simulateChannels({ seed: 31, channels: 1, days: 15, idPrefix: 'list' });

describe('channels through the gateway', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  let stack: Awaited<ReturnType<typeof startStack>>;

  beforeAll(async () => {
    mongo = await testMongo();
    stack = await startStack({ mongodbUri: mongo.uri, prefix: mongo.prefix });
    await seedChannels(stack.query, [seeded!]);
  });
  afterAll(async () => {
    await stack?.stop();
    await mongo?.drop();
  });

  it('a channel made by upsertChannel, with no posts yet, lists with empty recent posts and leaves every other channel readable', async () => {
    const made = await stack.query(`mutation { upsertChannel(id: "titled-only", title: "No posts yet") { id title postCount recentPosts { id } } }`);
    expect(made.errors).toBeUndefined();
    expect(made.data).toEqual({ upsertChannel: { id: 'titled-only', title: 'No posts yet', postCount: 0, recentPosts: [] } });

    const listed = await stack.query<{ listChannels: any[] }>(`{ listChannels { id postCount recentPosts { id } } }`);
    expect(listed.errors).toBeUndefined();
    expect(listed.data!.listChannels).toEqual(
      expect.arrayContaining([
        { id: 'titled-only', postCount: 0, recentPosts: [] },
        { id: seeded!.id, postCount: seeded!.posts.length, recentPosts: expect.arrayContaining([{ id: expect.any(String) }]) },
      ]),
    );

    const one = await stack.query(`{ channel(id: "titled-only") { id createdAt posts { id } subscriberCounts { count } latestSubscriberCount { count } } }`);
    expect(one.errors).toBeUndefined();
    expect(one.data).toEqual({ channel: { id: 'titled-only', createdAt: expect.any(String), posts: [], subscriberCounts: [], latestSubscriberCount: null } });
  });
});
