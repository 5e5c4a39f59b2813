import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateChannels } from '@telepulse/dataset';
import { seedChannels } from '@telepulse/devstack/seed';
import { testMongo } from '../support/mongo.js';
import { startStack } from '../support/stack.js';
import channels from '@telepulse/channels/subgraph';

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

  it("gives each post its channel's id, and finds a post by its key (channelId, id) for another subgraph, null where there is none", async () => {
    const { data } = await stack.query<{ channel: { recentPosts: { channelId: string; id: string; text: string | null }[]; posts: { channelId: string }[] } }>(
      `query($id: ID!) { channel(id: $id) { recentPosts { channelId id text } posts(limit: 40) { channelId } } }`,
      { id: seeded!.id },
    );
    expect(new Set([...data!.channel.recentPosts, ...data!.channel.posts].map((p) => p.channelId))).toEqual(new Set([seeded!.id]));
    const [newest] = data!.channel.recentPosts;
    const body = JSON.stringify({
      query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Post { channelId id text views } } }',
      variables: { r: [{ __typename: 'Post', channelId: seeded!.id, id: newest!.id }, { __typename: 'Post', channelId: seeded!.id, id: 'no-such-post' }, { __typename: 'Post', channelId: 'no-such-channel', id: newest!.id }] },
    });
    const answer = (await (await stack.subgraphRequest(channels, body)).json()) as { data: { _entities: unknown[] } };
    const stored = seeded!.posts.find((p) => p.id === newest!.id)!;
    expect(answer.data._entities).toEqual([{ channelId: seeded!.id, id: newest!.id, text: stored.text, views: stored.views }, null, null]);
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
