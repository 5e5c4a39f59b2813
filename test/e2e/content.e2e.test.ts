import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateChannels, type ChannelRecord, type PostRecord } from '@telepulse/dataset';
import { seedChannels } from '@telepulse/devstack/seed';
import content from '@telepulse/content/subgraph';
import { CONTENT_MAX_CHARS } from '@telepulse/content/domain/content-checks';
import { PATTERN_CHARS_MAX, PATTERN_TEXTS_MAX } from '@telepulse/content/domain/pattern-input';
import { testMongo } from '../support/mongo.js';
import { startStack } from '../support/stack.js';

/** A post of `text` (null: media without a caption), `minutes` after the start of 2024-12-30. */
const post = (id: number, text: string | null, minutes = id): PostRecord => ({
  id: String(id),
  postedAt: new Date(Date.UTC(2024, 11, 30, 0, minutes)).toISOString(),
  views: 1_000 + id,
  forwards: 3,
  replies: 1,
  reactions: 12,
  text,
  textLength: text?.length ?? 0,
  hasMedia: text === null,
});

// Twenty simulated channels cut to their newest three posts with text: 60 texts at most, one model batch (64).
const simulated = simulateChannels({ seed: 31, channels: 20, days: 4, idPrefix: 'c2e' }).map((c) => ({ ...c, posts: c.posts.filter((p) => p.text).slice(-3) }));
// Posts of every kind a channel may hold: text, none, blank, binary (the channels subgraph stores any string).
const mixed: ChannelRecord = {
  ...simulated[0]!,
  id: 'c2e-mixed',
  title: 'Mixed',
  subscriberCounts: [],
  posts: [
    post(1, 'Breaking: the new bridge opens today! Read more https://example.com/bridge #city'),
    post(2, null),
    post(3, '   '),
    post(4, 'PK\u0003\u0004 binary'),
    post(5, 'Что думаете о новом мосте? Пишите в комментариях 👇'),
    post(6, 'Short one'),
  ],
};
const mediaOnly: ChannelRecord = { ...mixed, id: 'c2e-media', title: 'Photos', posts: [post(1, null), post(2, ''), post(3, null)] };

const VARIED = [
  'Breaking news: the central bank raised its rate to 21 %. Details at https://example.com/rates #economy',
  'Что думаете о новом законе? Пишите в комментариях 👇',
  'Подписывайтесь на канал и делитесь с друзьями! 🔥🔥🔥',
  'Good morning ☀️',
  'Our new podcast episode is out: https://example.com/ep12 — listen and tell us what you think?',
  'Розыгрыш! Репост этой записи и подписка — условия участия. Итоги в пятницу #giveaway',
  'Weather tomorrow: +3, light snow.',
  'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(20),
];

const VALIDATE = `query($c: String!) { validateContent(content: $c) { valid errors { field value message } warnings { field value message } } }`;
const DETECT = `query($c: String!) { detectViralPotential(content: $c) { id score confidence modelName modelVersion tokens truncated createdAt drivers { text start end effect } } }`;
const FEATURES = `query($c: String!) {
  extractContentFeatures(content: $c) {
    features { characters words lines emoji links hashtags mentions questions exclamations callsToAction uppercaseShare cyrillicShare latinShare digitShare }
    embedding relativeEngagement engagementRatio tokens truncated modelName modelVersion
  }
}`;
const PATTERNS_FIELDS = `
  count clusterSilhouette meanRelativeEngagement meanViralScore
  features { feature mean median min max presence }
  clusters { index size members representative meanRelativeEngagement meanViralScore distinctive { feature clusterMean overallMean standardizedDifference } }
  associations { feature textsWith textsWithout relativeEngagementWith relativeEngagementWithout viralScoreWith viralScoreWithout engagementCorrelation viralCorrelation }
  texts { index postId cluster relativeEngagement viralScore }
  engagementModel { name version } viralModel { name version }`;
const PATTERNS = `query($t: [String!]!) { analyzeContentPatterns(texts: $t) { ${PATTERNS_FIELDS} } }`;

/** Every way a text is not one, with the reason the API gives. */
const BROKEN: [string, string, string][] = [
  ['empty', '', 'EMPTY'],
  ['only whitespace', ' \n\t\u200B\u3164', 'BLANK'],
  ['too long', 'x'.repeat(CONTENT_MAX_CHARS + 1), 'TOO_LONG'],
  ['binary', 'PK\u0003\u0004\u0000\u0000', 'CONTROL_CHARACTERS'],
  ['half an emoji', 'wow \uD83D', 'UNPAIRED_SURROGATES'],
];

describe('content through the gateway', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  const runtime = () => stack.runtime(content);
  const detections = () => stack.db('content').collection('content_viral_detections');
  const runs = () => ({ reader: { ...runtime().reader.model.stats }, judge: { ...runtime().judge.model.stats } });

  beforeAll(async () => {
    mongo = await testMongo();
    stack = await startStack({ mongodbUri: mongo.uri, prefix: mongo.prefix });
    await seedChannels(stack.query, [...simulated, mixed, mediaOnly]);
  });
  afterAll(async () => {
    await stack?.stop();
    await mongo?.drop();
  });

  describe('validateContent', () => {
    it('passes a text of any script, emoji and links, with no errors or warnings', async () => {
      const result = await stack.query(VALIDATE, { c: VARIED[1] });
      expect(result.errors).toBeUndefined();
      expect(result.data!.validateContent).toEqual({ valid: true, errors: [], warnings: [] });
    });

    it.each(BROKEN)('refuses a text that is %s, saying why, without an error', async (_what, text, reason) => {
      const result = await stack.query(VALIDATE, { c: text });
      expect(result.errors).toBeUndefined();
      const check = result.data!.validateContent as { valid: boolean; errors: { field: string; message: string }[] };
      expect(check.valid).toBe(false);
      expect(check.errors.map((e) => e.field)).toEqual(['content']);
      expect(check.errors[0]!.message).toMatch({ EMPTY: /is empty/, BLANK: /only whitespace/, TOO_LONG: /at most 8192/, CONTROL_CHARACTERS: /control characters/, UNPAIRED_SURROGATES: /unpaired surrogates/ }[reason]!);
    });

    it('warns of replacement characters and of a text longer than the models read', async () => {
      const replaced = await stack.query(VALIDATE, { c: 'caf\uFFFD' });
      expect(replaced.data!.validateContent).toMatchObject({ valid: true, errors: [], warnings: [{ field: 'content', value: '1' }] });
      const long = await stack.query(VALIDATE, { c: 'я'.repeat(4_000) });
      expect((long.data!.validateContent as any).warnings.map((w: { message: string }) => w.message)).toEqual([expect.stringMatching(/^is longer than content-cnn and content-viral read/)]);
    });
  });

  describe('detectViralPotential', () => {
    it("calls a text's viral potential with the words that drove it, and stores nothing", async () => {
      const before = await detections().countDocuments();
      const text = VARIED[2]!;
      const result = await stack.query(DETECT, { c: text });
      expect(result.errors).toBeUndefined();
      const call = result.data!.detectViralPotential as any;
      expect(call).toMatchObject({ id: null, createdAt: null, modelName: 'content-viral', modelVersion: runtime().judge.version });
      for (const p of [call.score, call.confidence]) {
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
      }
      expect(call.confidence).toBeGreaterThanOrEqual(0.5);
      const direct = await runtime().judge.score(text);
      expect(call.score).toBeCloseTo(direct.score, 5);
      expect(call).toMatchObject({ tokens: direct.tokens, truncated: direct.truncated });
      // The drivers are the model's own explanation: the words that raise the score, the largest effect first.
      const explained = await runtime().judge.explain(text);
      expect(call.drivers.map((d: { text: string }) => d.text)).toEqual(explained.drivers.map((d) => d.text));
      for (const d of call.drivers) {
        expect(text.slice(d.start, d.end)).toBe(d.text);
        expect(d.effect).toBeGreaterThan(0);
      }
      const effects = call.drivers.map((d: { effect: number }) => d.effect);
      expect(effects).toEqual([...effects].sort((a, b) => b - a));
      expect(await detections().countDocuments()).toBe(before);
    });

    it.each(BROKEN)('refuses a text that is %s with BAD_USER_INPUT naming content and the reason, before the model runs', async (_what, text, reason) => {
      const before = runs();
      const result = await stack.query(DETECT, { c: text });
      expect(result.data).toBeNull();
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'content', reason });
      expect(runs().judge.requests).toBe(before.judge.requests);
    });
  });

  describe('extractContentFeatures', () => {
    it("gives a text's hand-made features, its embedding and the engagement the CNN predicts, as the model does", async () => {
      const text = VARIED[0]!;
      const result = await stack.query(FEATURES, { c: text });
      expect(result.errors).toBeUndefined();
      const features = result.data!.extractContentFeatures as any;
      expect(features.features).toMatchObject({ links: 1, hashtags: 1, questions: 0, emoji: 0 });
      expect(features.features.latinShare).toBeGreaterThan(0.9);
      const direct = await runtime().reader.analyze(text);
      expect(features.embedding).toHaveLength(direct.embedding.length);
      features.embedding.forEach((v: number, i: number) => expect(v).toBeCloseTo(direct.embedding[i]!, 4));
      expect(features.relativeEngagement).toBeCloseTo(direct.relativeEngagement, 5);
      expect(features.engagementRatio).toBeCloseTo(Math.exp(features.relativeEngagement), 10);
      expect(features).toMatchObject({ tokens: direct.tokens, truncated: false, modelName: 'content-cnn', modelVersion: runtime().reader.version });
    });

    it.each(BROKEN)('refuses a text that is %s with BAD_USER_INPUT naming content and the reason', async (_what, text, reason) => {
      const result = await stack.query(FEATURES, { c: text });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'content', reason });
    });
  });

  describe('analyzeContentPatterns', () => {
    it('says what the texts share and how they differ, in one model run per model, and runs neither model for texts it read before', async () => {
      // Texts no earlier test asked about: each model keeps what it read of a text (EstimateCache), so only these count runs.
      const texts = VARIED.map((t, i) => `${t} (${i + 1})`);
      const before = runs();
      const result = await stack.query(PATTERNS, { t: texts });
      expect(result.errors).toBeUndefined();
      const patterns = result.data!.analyzeContentPatterns as any;
      expect(runs().reader.batches - before.reader.batches).toBe(1);
      expect(runs().judge.batches - before.judge.batches).toBe(1);
      expect(runs().reader.requests - before.reader.requests).toBe(texts.length);
      expect(runs().judge.requests - before.judge.requests).toBe(texts.length);

      expect(patterns.count).toBe(texts.length);
      expect(patterns.texts.map((t: { index: number; postId: null }) => [t.index, t.postId])).toEqual(texts.map((_, i) => [i, null]));
      expect(patterns.clusters.flatMap((c: { members: number[] }) => c.members).sort((a: number, b: number) => a - b)).toEqual(texts.map((_, i) => i));
      for (const cluster of patterns.clusters) {
        expect(cluster.members).toContain(cluster.representative);
        expect(cluster.size).toBe(cluster.members.length);
        expect(cluster.members.every((i: number) => patterns.texts[i].cluster === cluster.index)).toBe(true);
      }
      const links = patterns.features.find((f: { feature: string }) => f.feature === 'links');
      expect(links).toMatchObject({ min: 0, max: 1, presence: 2 / texts.length });
      expect(patterns.associations.map((a: { feature: string }) => a.feature).sort()).toEqual(patterns.features.map((f: { feature: string }) => f.feature).sort());
      expect(patterns.engagementModel).toEqual({ name: 'content-cnn', version: runtime().reader.version });

      // The texts' calls are the models' own.
      const single = await stack.query(DETECT, { c: texts[5] });
      expect(patterns.texts[5].viralScore).toBeCloseTo((single.data!.detectViralPotential as any).score, 5);

      // Asked again (and one more text): the same answer for the same texts, and only the new text is run.
      const again = runs();
      const more = await stack.query(PATTERNS, { t: [...texts, 'One more text, never read before'] });
      expect(more.errors).toBeUndefined();
      expect((more.data!.analyzeContentPatterns as any).texts.slice(0, texts.length).map((t: { viralScore: number }) => t.viralScore)).toEqual(patterns.texts.map((t: { viralScore: number }) => t.viralScore));
      expect(runs().reader.requests - again.reader.requests).toBe(1);
      expect(runs().judge.requests - again.judge.requests).toBe(1);
    });

    it('answers the same texts with the same patterns', async () => {
      const [one, two] = await Promise.all([stack.query(PATTERNS, { t: VARIED }), stack.query(PATTERNS, { t: VARIED })]);
      expect(one.data).toEqual(two.data);
    });

    it('refuses an empty list, too many texts, too many characters and a broken text, naming each, before any model runs', async () => {
      const before = runs();
      const cases: [unknown[], Record<string, unknown>][] = [
        [[], { field: 'texts', value: 0, reason: 'NO_TEXTS' }],
        [new Array(PATTERN_TEXTS_MAX + 1).fill('a'), { field: 'texts', value: PATTERN_TEXTS_MAX + 1, reason: 'TOO_MANY_TEXTS' }],
        [new Array(33).fill('x'.repeat(8_000)), { field: 'texts', value: 33 * 8_000, reason: 'TOO_MANY_CHARACTERS' }],
        [['fine', 'also fine', '\u0000'], { field: 'texts[2]', reason: 'CONTROL_CHARACTERS' }],
      ];
      expect(33 * 8_000).toBeGreaterThan(PATTERN_CHARS_MAX);
      for (const [texts, extensions] of cases) {
        const result = await stack.query(PATTERNS, { t: texts });
        expect(result.data).toBeNull();
        expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', ...extensions });
      }
      expect(runs().reader.requests).toBe(before.reader.requests);
      expect(runs().judge.requests).toBe(before.judge.requests);
    });
  });

  describe('Channel.contentAnalysis and Post.viralPotential', () => {
    it("analyses a channel's recent posts with text, leaving out the blank and the binary, each with its post id", async () => {
      const result = await stack.query(`query($id: ID!) { channel(id: $id) { contentAnalysis { ${PATTERNS_FIELDS} } } }`, { id: mixed.id });
      expect(result.errors).toBeUndefined();
      const analysis = (result.data!.channel as any).contentAnalysis;
      // Newest first: 6, 5, 1 have text; 4 is binary, 3 blank, 2 media only.
      expect(analysis.texts.map((t: { postId: string }) => t.postId)).toEqual(['6', '5', '1']);
      expect(analysis.count).toBe(3);
      // The same texts through the root operation give the same analysis.
      const root = await stack.query(PATTERNS, { t: ['Short one', mixed.posts[4]!.text, mixed.posts[0]!.text] });
      expect({ ...analysis, texts: analysis.texts.map((t: object) => ({ ...t, postId: null })) }).toEqual(root.data!.analyzeContentPatterns);
    });

    it('answers FAILED_PRECONDITION for a channel without text, and the rest of the query still arrives', async () => {
      const result = await stack.query(`query($id: ID!) { channel(id: $id) { id title contentAnalysis { count } } }`, { id: mediaOnly.id });
      expect(result.data).toEqual({ channel: { id: mediaOnly.id, title: 'Photos', contentAnalysis: null } });
      expect(result.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).toEqual([['channel.contentAnalysis', 'FAILED_PRECONDITION']]);
    });

    it('analyses 20 channels in one query with one model run per model and nothing written', async () => {
      const ids = simulated.map((c) => c.id);
      const texts = simulated.reduce((n, c) => n + c.posts.length, 0);
      expect(texts).toBeLessThanOrEqual(64);
      const before = runs();
      const { result, writes } = await stack.writesTo('*', () => stack.query(`query($ids: [ID!]!) { channels(ids: $ids) { id contentAnalysis { count texts { postId viralScore } } } }`, { ids }));
      expect(result.errors).toBeUndefined();
      const analysed = result.data!.channels as { id: string; contentAnalysis: { count: number } }[];
      expect(analysed.map((c) => [c.id, c.contentAnalysis.count])).toEqual(simulated.map((c) => [c.id, c.posts.length]));
      expect(runs().reader.batches - before.reader.batches).toBe(1);
      expect(runs().judge.batches - before.judge.batches).toBe(1);
      expect(runs().reader.requests - before.reader.requests).toBe(new Set(simulated.flatMap((c) => c.posts.map((p) => p.text))).size);
      expect(writes).toEqual([]);
    });

    it("calls each post's viral potential where it has text, stores the calls in one write, and gives the stored call back when asked again", async () => {
      const QUERY = `query($id: ID!) { channel(id: $id) { recentPosts { channelId id viralPotential { id score confidence modelName modelVersion createdAt } } } }`;
      const { result, writes } = await stack.writesTo('content_viral_detections', () => stack.query(QUERY, { id: mixed.id }));
      expect(result.errors).toBeUndefined();
      const posts = (result.data!.channel as any).recentPosts as { channelId: string; id: string; viralPotential: any }[];
      expect(posts.map((p) => [p.channelId, p.id, p.viralPotential !== null])).toEqual([
        [mixed.id, '6', true],
        [mixed.id, '5', true],
        [mixed.id, '4', false],
        [mixed.id, '3', false],
        [mixed.id, '2', false],
        [mixed.id, '1', true],
      ]);
      expect(writes).toEqual(['insert']);
      const called = posts.filter((p) => p.viralPotential);
      const stored = await detections().find({ _id: { $in: called.map((p) => p.viralPotential.id) } }).toArray();
      expect(stored).toHaveLength(3);
      expect(stored.find((d) => d.postId === '1')).toMatchObject({ channelId: mixed.id, modelVersion: runtime().judge.version, textLength: mixed.posts[0]!.text!.length });
      expect(stored.every((d) => !('text' in d))).toBe(true);

      const again = await stack.query(QUERY, { id: mixed.id });
      expect(again.data).toEqual(result.data);
      expect(await detections().countDocuments({ channelId: mixed.id })).toBe(3);
    });

    it('answers the comprehensive query with the content parts and both models up in the system health', async () => {
      const result = await stack.query(
        `query($id: ID!) {
          channel(id: $id) { title contentAnalysis { count meanViralScore clusters { size } } recentPosts { viralPotential { score } } }
          systemHealth { services { name status models { name version loaded } } }
        }`,
        { id: mixed.id },
      );
      expect(result.errors).toBeUndefined();
      const { channel, systemHealth } = result.data as any;
      expect(channel.contentAnalysis.count).toBe(3);
      expect(systemHealth.services).toContainEqual({
        name: 'content',
        status: 'UP',
        models: [
          { name: 'content-cnn', version: runtime().reader.version, loaded: true },
          { name: 'content-viral', version: runtime().judge.version, loaded: true },
        ],
      });
    });
  });
});
