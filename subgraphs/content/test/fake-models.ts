import type { ContentReader, ContentReading, ViralCall, ViralExplanationReading, ViralJudge } from '../src/domain/content-models.js';
import type { FeatureRow } from '../src/domain/feature-spread.js';

/** Hand-made features of a text, a few of the real kind, by rules a test can follow. */
export const fakeFeatureNames = ['characters', 'links', 'questions', 'emoji'] as const;

export function fakeFeatures(text: string): FeatureRow & Record<(typeof fakeFeatureNames)[number], number> {
  return {
    characters: [...text].length,
    links: (text.match(/https?:\/\/\S+/g) ?? []).length,
    questions: (text.match(/\?/g) ?? []).length,
    emoji: (text.match(/\p{Extended_Pictographic}/gu) ?? []).length,
  };
}

/**
 * A content CNN of the domain's interface whose embedding says whether the text has a link or a
 * question (two directions), and which predicts ln 2 above the channel's level for a text with
 * a link, 0 otherwise. Records the texts of each call.
 */
export class FakeReader implements ContentReader {
  readonly name = 'content-cnn';
  readonly calls: string[] = [];
  constructor(readonly version = '0.0.1') {}

  async analyze(text: string): Promise<ContentReading> {
    this.calls.push(text);
    const { links, questions } = fakeFeatures(text);
    return {
      relativeEngagement: links > 0 ? Math.LN2 : 0,
      embedding: Float32Array.from([links > 0 ? 1 : 0, questions > 0 ? 1 : 0, 0.01 * (text.length % 7)]),
      tokens: Math.min(text.length + 1, 64),
      truncated: text.length + 1 > 64,
    };
  }
}

/** A viral model scoring 0.9 a text with "!" and 0.2 any other; each word with "!" drives it by 0.35. Records its calls. */
export class FakeJudge implements ViralJudge {
  readonly name = 'content-viral';
  readonly scored: string[] = [];
  readonly explained: string[] = [];
  constructor(readonly version = '0.0.1') {}

  async score(text: string): Promise<ViralCall> {
    this.scored.push(text);
    return this.call(text);
  }

  async explain(text: string): Promise<ViralExplanationReading> {
    this.explained.push(text);
    const drivers = [...text.matchAll(/\S+/g)].filter((m) => m[0].includes('!')).map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length, effect: 0.35 }));
    return { ...this.call(text), drivers };
  }

  private call(text: string): ViralCall {
    const score = text.includes('!') ? 0.9 : 0.2;
    return { score, confidence: Math.max(score, 1 - score), tokens: text.length + 1, truncated: false };
  }
}
