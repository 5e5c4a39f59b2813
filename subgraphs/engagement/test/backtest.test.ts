import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engagementRate, type PostRecord } from '@telepulse/dataset';
import { isoWeekday, type HistoryPost } from '@telepulse/models/engagement/features';
import type { EngagementPipeline } from '@telepulse/models/engagement/pipeline';
import { InvalidInputError } from '@telepulse/platform';
import { committedPipeline, onChannel, recentPosts } from './channel-fields.js';

const asHistory = (post: PostRecord): HistoryPost => ({ ...post, postedAt: new Date(post.postedAt) });

const SELECTION = `engagementBacktest(posts: $posts) {
  channel { id } modelName modelVersion mae baselineMae
  posts { postId postedAt observedEngagement predictedEngagement confidence baseline historyLength }
}`;

describe('Channel.engagementBacktest', () => {
  let pipeline: EngagementPipeline;
  const posts = recentPosts(7);
  const backtest = (count: number, representation: readonly unknown[] = posts) =>
    onChannel(pipeline, representation, SELECTION.replace('$posts', String(count)));

  beforeAll(async () => {
    pipeline = await committedPipeline(64);
  });
  afterAll(() => pipeline?.dispose());

  it("replays the latest posts oldest first, each predicted from exactly the posts before it as it would have been just before it went out", async () => {
    const result = await backtest(16);
    expect(result.errors).toBeUndefined();
    const answer = (result.data!._entities as any[])[0].engagementBacktest;
    // Posts of the same second (an album's items) are not before each other.
    const before = (post: PostRecord) => posts.filter((p) => p.postedAt < post.postedAt).reverse().map(asHistory);
    const replayed = [...posts].reverse().filter((p) => before(p).length >= 4).slice(-16);
    expect(answer.posts.map((p: any) => p.postId)).toEqual(replayed.map((p) => p.id));
    expect(answer).toMatchObject({ channel: { id: 'fields-1' }, modelName: 'engagement', modelVersion: pipeline.version });

    for (const [i, post] of replayed.entries()) {
      const postedAt = new Date(post.postedAt);
      const expected = await pipeline.predict(before(post), { hourOfDay: postedAt.getUTCHours(), dayOfWeek: isoWeekday(postedAt), contentLength: post.textLength, hasMedia: post.hasMedia, postedAt });
      expect(new Date(answer.posts[i].postedAt).toISOString()).toBe(post.postedAt);
      expect(answer.posts[i]).toMatchObject({ historyLength: before(post).length, confidence: expected.confidence });
      expect(answer.posts[i].predictedEngagement).toBeCloseTo(expected.rate, 12);
      expect(answer.posts[i].baseline).toBeCloseTo(expected.baseline, 12);
      expect(answer.posts[i].observedEngagement).toBeCloseTo(engagementRate(post), 12);
    }
    const mean = (pick: (p: any) => number) => answer.posts.reduce((s: number, p: any) => s + Math.abs(pick(p) - p.observedEngagement), 0) / 16;
    expect(answer.mae).toBeCloseTo(mean((p) => p.predictedEngagement), 12);
    expect(answer.baselineMae).toBeCloseTo(mean((p) => p.baseline), 12);
  });

  it('submits every replayed post to the model at once: one run for 16 posts', async () => {
    const before = { ...pipeline.model.stats };
    expect((await backtest(16)).errors).toBeUndefined();
    expect(pipeline.model.stats.batches - before.batches).toBe(1);
    expect(pipeline.model.stats.requests - before.requests).toBe(16);
  });

  it('replays only posts with at least 4 before them: none of 4', async () => {
    const short = await backtest(16, posts.slice(0, 4));
    expect((short.data!._entities as any[])[0].engagementBacktest).toMatchObject({ posts: [], mae: null, baselineMae: null });
  });

  it('rejects `posts` outside 1..28 with BAD_USER_INPUT naming it', async () => {
    for (const count of [0, 29]) {
      const result = await backtest(count);
      const error = result.errors![0]!.originalError;
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).issues).toEqual([{ field: 'posts', value: count, message: 'must be between 1 and 28' }]);
    }
  });

  it("rejects a representation's post without its id, naming where it is", async () => {
    const { id: _dropped, ...withoutId } = posts[3]!;
    const result = await backtest(4, posts.map((p, i) => (i === 3 ? withoutId : p)));
    const error = result.errors![0]!.originalError as InvalidInputError;
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.issues.map((issue) => issue.field)).toEqual(['representations[0].recentPosts[3].id']);
  });
});
