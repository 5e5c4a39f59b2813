import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryPost } from '@telepulse/models/engagement/features';
import type { EngagementPipeline } from '@telepulse/models/engagement/pipeline';
import { InvalidInputError, PreconditionError } from '@telepulse/platform';
import { typicalNextPost } from '../src/domain/typical-post.js';
import { committedPipeline, onChannel, recentPosts } from './channel-fields.js';

const SELECTION = `postingTimes$args {
  channel { id } contentLength hasMedia baseline historyLength modelName modelVersion
  cells { dayOfWeek hourOfDay predictedEngagement confidence }
  best(count: 5) { dayOfWeek hourOfDay predictedEngagement }
}`;

describe('Channel.postingTimes', () => {
  let pipeline: EngagementPipeline;
  const posts = recentPosts(5);
  const history: HistoryPost[] = posts.map((p) => ({ ...p, postedAt: new Date(p.postedAt) }));
  const postingTimes = (args = '', representation: readonly unknown[] = posts) => onChannel(pipeline, representation, SELECTION.replace('$args', args));

  beforeAll(async () => {
    // Room for all 168 in one run, to see that they are submitted together.
    pipeline = await committedPipeline(256);
  });
  afterAll(() => pipeline?.dispose());

  it("predicts the channel's typical post at each of the 168 hours of the week, Monday 00:00 UTC first, without a publication time", async () => {
    const result = await postingTimes();
    expect(result.errors).toBeUndefined();
    const answer = (result.data!._entities as any[])[0].postingTimes;
    const typical = typicalNextPost(history, new Date('2024-12-31T12:00:00Z'));
    expect(answer).toMatchObject({ channel: { id: 'fields-1' }, contentLength: typical.contentLength, hasMedia: typical.hasMedia, historyLength: 32, modelName: 'engagement', modelVersion: pipeline.version });
    expect(answer.cells).toHaveLength(168);
    expect(answer.cells.slice(0, 2).map((c: any) => [c.dayOfWeek, c.hourOfDay])).toEqual([[0, 0], [0, 1]]);
    expect([answer.cells[167].dayOfWeek, answer.cells[167].hourOfDay]).toEqual([6, 23]);
    for (const i of [0, 37, 100, 167]) {
      const cell = answer.cells[i];
      const expected = await pipeline.predict(history, { dayOfWeek: cell.dayOfWeek, hourOfDay: cell.hourOfDay, contentLength: typical.contentLength, hasMedia: typical.hasMedia });
      expect(cell.predictedEngagement).toBeCloseTo(expected.rate, 12);
      expect(cell.confidence).toBeCloseTo(expected.confidence, 12);
      expect(answer.baseline).toBeCloseTo(expected.baseline, 12);
    }
    // The hour matters to the model: the grid is not flat.
    expect(new Set(answer.cells.map((c: any) => c.predictedEngagement.toFixed(6))).size).toBeGreaterThan(1);
    const ranked = [...answer.cells].sort((a: any, b: any) => b.predictedEngagement - a.predictedEngagement).slice(0, 5);
    expect(answer.best).toEqual(ranked.map(({ confidence: _c, ...cell }: any) => cell));
  });

  it('submits all 168 to the model at once: one run when the batch size allows it', async () => {
    const before = { ...pipeline.model.stats };
    expect((await postingTimes()).errors).toBeUndefined();
    expect(pipeline.model.stats.batches - before.batches).toBe(1);
    expect(pipeline.model.stats.requests - before.requests).toBe(168);
  });

  it('predicts a given length and media habit instead of the typical one', async () => {
    const result = await postingTimes('(contentLength: 1200, hasMedia: false)');
    const answer = (result.data!._entities as any[])[0].postingTimes;
    expect(answer).toMatchObject({ contentLength: 1200, hasMedia: false });
    const expected = await pipeline.predict(history, { dayOfWeek: 2, hourOfDay: 9, contentLength: 1200, hasMedia: false });
    expect(answer.cells[2 * 24 + 9].predictedEngagement).toBeCloseTo(expected.rate, 12);
  });

  it('rejects a negative contentLength with BAD_USER_INPUT naming it, before any model run', async () => {
    const before = pipeline.model.stats.requests;
    const error = (await postingTimes('(contentLength: -1)')).errors![0]!.originalError as InvalidInputError;
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.issues.map((issue) => issue.field)).toEqual(['contentLength']);
    expect(pipeline.model.stats.requests).toBe(before);
  });

  it('is null with FAILED_PRECONDITION for a channel without posts', async () => {
    const result = await postingTimes('', []);
    expect((result.data!._entities as any[])[0].postingTimes).toBeNull();
    expect(result.errors![0]!.originalError).toBeInstanceOf(PreconditionError);
  });

  it('rejects best(count:) outside 1..168, naming `count`', async () => {
    const result = await onChannel(pipeline, posts, 'postingTimes { best(count: 0) { hourOfDay } }');
    const error = result.errors![0]!.originalError as InvalidInputError;
    expect(error.issues).toEqual([{ field: 'count', value: 0, message: 'must be between 1 and 168' }]);
  });
});
