import { describe, expect, it } from 'vitest';
import { cacheCounters } from '@telepulse/platform/cache-counters';
import { EstimateCache } from '@telepulse/models/runtime/estimate-cache';
import { analyzeContentPatterns, type ContentPatterns, type PatternDeps } from '../src/domain/content-patterns.js';
import { channelContentAnalysis, postsWithText } from '../src/domain/channel-posts.js';
import { FakeJudge, FakeReader, fakeFeatureNames, fakeFeatures } from './fake-models.js';

function deps() {
  const reader = new FakeReader();
  const judge = new FakeJudge();
  const reads: string[][] = [];
  const value: PatternDeps = {
    reader,
    judge,
    read: async (texts) => {
      reads.push([...texts]);
      return Promise.all(texts.map((t) => reader.analyze(t)));
    },
    score: (texts) => Promise.all(texts.map((t) => judge.score(t))),
    features: fakeFeatures,
    featureNames: fakeFeatureNames,
  };
  return { value, reader, judge, reads };
}

const limits = { maxTexts: 50, maxChars: 10_000 };
const linked = ['Read more https://example.com/a', 'Full story https://example.com/b!', 'Новости https://t.me/x', 'Details: https://example.org'];
const asking = ['What do you think?', 'Would you go?', 'Кто был?', 'Why not?'];

describe('the patterns of a set of texts', () => {
  it('runs each model once over all the texts, and says per text what they predicted', async () => {
    const { value, reads, judge } = deps();
    const patterns = await analyzeContentPatterns(value, [...linked, ...asking], limits);
    expect(reads).toEqual([[...linked, ...asking]]);
    expect(judge.scored).toEqual([...linked, ...asking]);
    expect(patterns.count).toBe(8);
    expect(patterns.texts.map((t) => [t.index, t.postId, t.relativeEngagement, t.viralScore])).toEqual([
      [0, null, Math.LN2, 0.2],
      [1, null, Math.LN2, 0.9],
      [2, null, Math.LN2, 0.2],
      [3, null, Math.LN2, 0.2],
      ...asking.map((_, i) => [4 + i, null, 0, 0.2]),
    ]);
    expect(patterns.meanRelativeEngagement).toBeCloseTo(Math.LN2 / 2, 12);
    expect(patterns.meanViralScore).toBeCloseTo((0.9 + 7 * 0.2) / 8, 12);
    expect(patterns.engagementModel).toEqual({ name: 'content-cnn', version: '0.0.1' });
    expect(patterns.viralModel).toEqual({ name: 'content-viral', version: '0.0.1' });
  });

  it('says what the texts share and how they differ, feature by feature', async () => {
    const { value } = deps();
    const patterns = await analyzeContentPatterns(value, [...linked, ...asking], limits);
    expect(patterns.features.map((f) => f.feature)).toEqual([...fakeFeatureNames]);
    const byName = Object.fromEntries(patterns.features.map((f) => [f.feature, f]));
    expect(byName.links).toEqual({ feature: 'links', mean: 0.5, median: 0.5, min: 0, max: 1, presence: 0.5 });
    expect(byName.emoji).toEqual({ feature: 'emoji', mean: 0, median: 0, min: 0, max: 0, presence: 0 });
    expect(byName.characters!.min).toBe(8);
  });

  it('clusters the texts the CNN reads alike, with what each cluster predicts and what sets it apart', async () => {
    const { value } = deps();
    const patterns = await analyzeContentPatterns(value, [...linked, ...asking], limits);
    expect(patterns.clusters.map((c) => c.members)).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
    ]);
    expect(patterns.clusterSilhouette).toBeGreaterThan(0.9);
    expect(patterns.texts.map((t) => t.cluster)).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    const [withLinks, questions] = patterns.clusters;
    expect(withLinks).toMatchObject({ index: 0, size: 4, meanRelativeEngagement: Math.LN2 });
    expect(withLinks!.meanViralScore).toBeCloseTo((0.9 + 3 * 0.2) / 4, 12);
    expect(questions).toMatchObject({ index: 1, size: 4, meanRelativeEngagement: 0, meanViralScore: 0.2 });
    // Links and questions split the texts in two halves: each one standard deviation from the mean; the texts with links are longer too.
    expect(withLinks!.distinctive.map((d) => [d.feature, d.standardizedDifference])).toEqual([
      ['links', 1],
      ['questions', -1],
      ['characters', expect.closeTo(0.896, 3)],
    ]);
    expect(withLinks!.distinctive[0]).toMatchObject({ clusterMean: 1, overallMean: 0.5 });
    expect(questions!.members).toContain(questions!.representative);
  });

  it('ranks the features by how they go with predicted engagement: links first, with the groups side by side', async () => {
    const { value } = deps();
    const patterns = await analyzeContentPatterns(value, [...linked, ...asking], limits);
    expect(patterns.associations.map((a) => a.feature)).toEqual(['links', 'questions', 'characters', 'emoji']);
    expect(patterns.associations[0]).toEqual({
      feature: 'links',
      textsWith: 4,
      textsWithout: 4,
      relativeEngagementWith: Math.LN2,
      relativeEngagementWithout: 0,
      viralScoreWith: expect.closeTo(0.375, 12),
      viralScoreWithout: 0.2,
      engagementCorrelation: 1,
      viralCorrelation: expect.closeTo(0.378, 3),
    });
    expect(patterns.associations[1]).toMatchObject({ feature: 'questions', engagementCorrelation: -1 });
    // No text has an emoji: nothing to compare it with.
    expect(patterns.associations[3]).toMatchObject({ feature: 'emoji', textsWith: 0, textsWithout: 8, relativeEngagementWith: null, viralScoreWith: null, engagementCorrelation: null, viralCorrelation: null });
  });

  it('answers the same texts the same way every time', async () => {
    const texts = [...linked, ...asking, 'Plain words', 'More plain words here'];
    expect(await analyzeContentPatterns(deps().value, texts, limits)).toEqual(await analyzeContentPatterns(deps().value, texts, limits));
  });

  it('analyses a single text: one cluster, no correlation', async () => {
    const patterns = await analyzeContentPatterns(deps().value, ['Just one?'], limits);
    expect(patterns.clusters).toEqual([{ index: 0, size: 1, members: [0], representative: 0, meanRelativeEngagement: 0, meanViralScore: 0.2, distinctive: [] }]);
    expect(patterns.clusterSilhouette).toBeNull();
    expect(patterns.associations.every((a) => a.engagementCorrelation === null)).toBe(true);
  });

  it('answers an analysis made before from its cache: the same texts, post ids and model versions; anything else is computed', async () => {
    const { value, reads } = deps();
    const cached = { ...value, analyses: new EstimateCache<ContentPatterns>('analyses:content-test', 8) };
    const first = await analyzeContentPatterns(cached, [...linked, ...asking], limits);
    expect(await analyzeContentPatterns(cached, [...linked, ...asking], limits)).toBe(first);
    expect(reads).toHaveLength(1);
    // Another text, another order, a post id, or another model version: computed, each once.
    await analyzeContentPatterns(cached, [...linked, ...asking, 'one more'], limits);
    await analyzeContentPatterns(cached, [...asking, ...linked], limits);
    await channelContentAnalysis(cached, 'c1', [{ text: linked[0]!, postId: 'p1' }]);
    await channelContentAnalysis(cached, 'c1', [{ text: linked[0]!, postId: 'p2' }]);
    const retrained = { ...cached, reader: new FakeReader('0.0.2') };
    const again = await analyzeContentPatterns(retrained, [...linked, ...asking], limits);
    expect(again).not.toBe(first);
    expect(again.engagementModel).toEqual({ name: 'content-cnn', version: '0.0.2' });
    expect(reads).toHaveLength(6);
    expect(cacheCounters()['analyses:content-test']).toMatchObject({ hits: 1, misses: 6 });
  });

  it('refuses texts breaking the contract before any model runs', async () => {
    const { value, reader, judge } = deps();
    await expect(analyzeContentPatterns(value, ['fine', '\u0000\u0001'], limits)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'texts[1]', reason: 'CONTROL_CHARACTERS' } });
    await expect(analyzeContentPatterns(value, new Array(51).fill('a'), limits)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'texts', value: 51 } });
    await expect(analyzeContentPatterns(value, [], limits)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'texts' } });
    expect(reader.calls).toEqual([]);
    expect(judge.scored).toEqual([]);
  });
});

describe("a channel's posts as a representation carries them", () => {
  it('keeps the posts with a text validateContent accepts, in order, with their ids', () => {
    const posts = [
      { id: '9', text: 'Newest https://x.io' },
      { id: '8', text: null },
      { id: '7', text: '   ' },
      { id: '6', text: 'binary \u0000' },
      { id: '5' },
      { id: '4', text: 'Older?' },
    ];
    expect(postsWithText(posts, 'representations[0].recentPosts')).toEqual([
      { postId: '9', text: 'Newest https://x.io' },
      { postId: '4', text: 'Older?' },
    ]);
  });

  it('refuses JSON that is not a list of posts, naming each broken field by its place', () => {
    expect(() => postsWithText('nope', 'representations[2].recentPosts')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', details: expect.objectContaining({ field: 'representations[2].recentPosts' }) }));
    let thrown: any;
    try {
      postsWithText([{ id: 3, text: 'x' }, { id: '2', text: 42 }, null], 'representations[0].recentPosts');
    } catch (error) {
      thrown = error;
    }
    expect(thrown.details.issues.map((i: { field: string }) => i.field)).toEqual([
      'representations[0].recentPosts[0].id',
      'representations[0].recentPosts[1].text',
      'representations[0].recentPosts[2].id',
    ]);
  });

  it("analyses a channel's posts with their post ids, and refuses a channel without text with FAILED_PRECONDITION", async () => {
    const { value, reader } = deps();
    const patterns = await channelContentAnalysis(value, 'c1', [
      { postId: '9', text: 'Newest https://x.io' },
      { postId: '4', text: 'Older?' },
    ]);
    expect(patterns.texts.map((t) => [t.index, t.postId])).toEqual([
      [0, '9'],
      [1, '4'],
    ]);
    await expect(channelContentAnalysis(value, 'media-only', [])).rejects.toMatchObject({ code: 'FAILED_PRECONDITION', details: { channelId: 'media-only' } });
    expect(reader.calls).toHaveLength(2);
  });
});
