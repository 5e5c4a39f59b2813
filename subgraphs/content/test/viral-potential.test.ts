import { describe, expect, it } from 'vitest';
import { detectViralPotential, postViralPotential, type ViralDeps } from '../src/domain/viral-potential.js';
import { detectionId, textSha256, type ViralDetectionRecord } from '../src/domain/viral-detection.js';
import { extractContentFeatures } from '../src/domain/content-features.js';
import { contentFeatures } from '@telepulse/models/content/text-features';
import { FakeJudge, FakeReader } from './fake-models.js';
import { viralDriftFeatures } from '@telepulse/models/content-viral/drift-features';

function deps(judge = new FakeJudge()) {
  const stored = new Map<string, ViralDetectionRecord>();
  let clock = 0;
  const value: ViralDeps = {
    judge,
    score: (text) => judge.score(text),
    recordDetections: async (records) => records.map((r) => stored.get(r.id) ?? (stored.set(r.id, r), r)),
    now: () => new Date(Date.UTC(2025, 0, 1, 0, 0, clock++)),
  };
  return { value, stored, judge };
}

describe("the viral call on a caller's text", () => {
  it('gives the score, confidence and model, and stores nothing', async () => {
    const { value, stored } = deps();
    expect(await detectViralPotential(value, 'Big news!')).toEqual({
      id: null,
      text: 'Big news!',
      score: 0.9,
      confidence: 0.9,
      modelName: 'content-viral',
      modelVersion: '0.0.1',
      tokens: 10,
      truncated: false,
      createdAt: null,
    });
    expect(stored.size).toBe(0);
  });

  it.each([
    ['', 'EMPTY'],
    [' \n ', 'BLANK'],
    ['x'.repeat(8_193), 'TOO_LONG'],
    ['\u0000junk', 'CONTROL_CHARACTERS'],
    ['half \uD83D', 'UNPAIRED_SURROGATES'],
  ])('refuses %j with BAD_USER_INPUT naming content (%s), before the model runs', async (content, reason) => {
    const { value, judge } = deps();
    await expect(detectViralPotential(value, content)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'content', reason } });
    expect(judge.scored).toEqual([]);
  });
});

describe("the viral call on a post's text", () => {
  const post = { channelId: 'c1', id: '42', text: 'Huge!' };

  it('is stored with the post, the text hash, the model and the text\'s drift features; asked again, the first record comes back', async () => {
    const { value, stored } = deps();
    const first = await postViralPotential(value, post, 'representations[0]');
    const identity = { channelId: 'c1', postId: '42', textSha256: textSha256('Huge!'), modelName: 'content-viral', modelVersion: '0.0.1' };
    expect(first).toEqual({ id: detectionId(identity), text: 'Huge!', score: 0.9, confidence: 0.9, modelName: 'content-viral', modelVersion: '0.0.1', tokens: 6, truncated: false, createdAt: new Date(Date.UTC(2025, 0, 1)) });
    expect([...stored.values()]).toEqual([{ ...identity, id: first!.id, textLength: 5, score: 0.9, confidence: 0.9, tokens: 6, truncated: false, features: viralDriftFeatures('Huge!'), createdAt: first!.createdAt }]);
    expect(await postViralPotential(value, post, 'representations[0]')).toEqual(first);
    expect(stored.size).toBe(1);
  });

  it('is another detection for an edited text, another post or another model version', async () => {
    const { value } = deps();
    const first = (await postViralPotential(value, post, 'r'))!.id;
    expect((await postViralPotential(value, { ...post, text: 'Huge!!' }, 'r'))!.id).not.toBe(first);
    expect((await postViralPotential(value, { ...post, id: '43' }, 'r'))!.id).not.toBe(first);
    expect((await postViralPotential(value, { ...post, channelId: 'c2' }, 'r'))!.id).not.toBe(first);
    expect((await postViralPotential({ ...deps(new FakeJudge('0.0.2')).value }, post, 'r'))!.id).not.toBe(first);
  });

  it('is null, with nothing judged or stored, for a post without text or with none validateContent accepts', async () => {
    const { value, judge, stored } = deps();
    for (const text of [null, undefined, '', '  ', 'bin\u0000']) expect(await postViralPotential(value, { ...post, text }, 'r')).toBeNull();
    expect(judge.scored).toEqual([]);
    expect(stored.size).toBe(0);
  });

  it('refuses a representation whose text is not a string, naming it', async () => {
    const { value } = deps();
    await expect(postViralPotential(value, { ...post, text: 7 }, 'representations[3]')).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'representations[3].text', value: 7 } });
  });
});

describe("a text's features", () => {
  it('are its hand-made features, its embedding and its predicted engagement as a ratio too', async () => {
    const reader = new FakeReader();
    const reading = await extractContentFeatures({ reader, read: (t) => reader.analyze(t), features: contentFeatures }, 'See https://x.io');
    expect(reading).toEqual({
      features: expect.objectContaining({ characters: 16, words: 1, links: 1, questions: 0 }),
      embedding: [1, 0, expect.closeTo(0.02, 6)],
      relativeEngagement: Math.LN2,
      engagementRatio: expect.closeTo(2, 12),
      tokens: 17,
      truncated: false,
      modelName: 'content-cnn',
      modelVersion: '0.0.1',
    });
  });

  it('are refused for a text validateContent refuses, before the model runs', async () => {
    const reader = new FakeReader();
    await expect(extractContentFeatures({ reader, read: (t) => reader.analyze(t), features: contentFeatures }, '\u200B')).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'content', reason: 'BLANK' } });
    expect(reader.calls).toEqual([]);
  });
});
