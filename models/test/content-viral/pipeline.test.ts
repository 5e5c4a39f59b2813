import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Random } from '@telepulse/dataset';
import type { ViralArtifact } from '../../src/content-viral/artifact.js';
import { OfflineViralModel } from '../../src/content-viral/offline-model.js';
import { ViralPipeline } from '../../src/content-viral/pipeline.js';
import { BatchedOnnxModel } from '../../src/runtime/batched-onnx-model.js';
import { ModelContractError } from '../../src/runtime/model-io.js';
import { madeUpPost, MARKER, TINY_ARCHITECTURE, trainTinyViralModel } from './tiny-model.js';

describe('ViralPipeline on a tiny trained model', () => {
  let artifact: ViralArtifact;
  let pipeline: ViralPipeline;
  let offline: OfflineViralModel;

  beforeAll(async () => {
    artifact = await trainTinyViralModel();
    pipeline = new ViralPipeline(await BatchedOnnxModel.load({ onnx: artifact.onnx, metadata: artifact.metadata, source: 'artifact', executionProvider: 'cpu', threads: 1 }));
    offline = await OfflineViralModel.load(artifact);
  }, 120_000);
  afterAll(async () => {
    await pipeline?.dispose();
    await offline?.dispose();
  });

  it('learned the marker: posts with it score higher, and the score is a probability', async () => {
    const random = new Random(9);
    const texts = Array.from({ length: 40 }, (_, i) => madeUpPost(random, i % 2 === 0));
    const estimates = await offline.scoreMany(texts);
    const withMarker = estimates.filter((_, i) => i % 2 === 0).map((e) => e.score);
    const without = estimates.filter((_, i) => i % 2 === 1).map((e) => e.score);
    expect(Math.min(...withMarker)).toBeGreaterThan(Math.max(...without));
    for (const e of estimates) {
      expect(e.score).toBeGreaterThanOrEqual(0);
      expect(e.score).toBeLessThanOrEqual(1);
      expect(e.confidence).toBeCloseTo(e.score >= 0.5 ? e.score : 1 - e.score, 12);
    }
  });

  it('scores as the offline model does, with the tokens it read', async () => {
    const long = `${'news today '.repeat(10)}${MARKER}`;
    const texts = ['team photo', long, ''];
    const served = await Promise.all(texts.map((t) => pipeline.score(t)));
    const direct = await offline.scoreMany(texts);
    served.forEach((s, i) => {
      expect(s.score).toBeCloseTo(direct[i]!.score, 6);
      expect(s.tokens).toBe(direct[i]!.tokens);
      expect(s.truncated).toBe(direct[i]!.truncated);
    });
    expect(served[0]).toMatchObject({ tokens: 1 + 'team photo'.length, truncated: false });
    // The long text is cut: head, mark, and a tail that holds the marker at its end.
    expect(served[1]).toMatchObject({ tokens: TINY_ARCHITECTURE.maxTokens, truncated: true });
    expect(served[1]!.score).toBeGreaterThan(served[0]!.score);
  });

  it('runs concurrent requests as one batch', async () => {
    const before = pipeline.model.stats;
    const random = new Random(4);
    await Promise.all(Array.from({ length: 12 }, (_, i) => pipeline.score(madeUpPost(random, i % 3 === 0))));
    const after = pipeline.model.stats;
    expect(after.batches - before.batches).toBe(1);
    expect(after.requests - before.requests).toBe(12);
  });

  it('explains a score by the marker, in one batched run over the text and each word taken out', async () => {
    const text = `city news ${MARKER} morning update`;
    const before = pipeline.model.stats;
    const explanation = await pipeline.explain(text);
    const after = pipeline.model.stats;
    expect(after.batches - before.batches).toBe(1);
    expect(after.requests - before.requests).toBe(1 + 5);
    expect(explanation.score).toBeCloseTo((await pipeline.score(text)).score, 6);
    expect(explanation.drivers[0]).toMatchObject({ text: MARKER, start: text.indexOf(MARKER), end: text.indexOf(MARKER) + MARKER.length });
    expect(explanation.drivers[0]!.effect).toBeGreaterThan(0.2);
    for (const d of explanation.drivers) expect(text.slice(d.start, d.end)).toBe(d.text);
    expect(await offline.explain(text)).toEqual({ ...explanation, drivers: explanation.drivers.map((d) => ({ ...d, effect: expect.closeTo(d.effect, 6) })) });
  });

  it('answers a text scored before from its cache, and keeps the variants of an explanation out of it', async () => {
    const text = `weekend digest ${MARKER} for everyone`;
    const first = await pipeline.explain(text);
    const before = pipeline.model.stats.requests;
    expect((await pipeline.score(text)).score).toBe(first.score);
    expect(pipeline.model.stats.requests).toBe(before);
    // A variant (the text without a word) was run by the explanation, but is not answered from the cache.
    await pipeline.score(`weekend digest ${MARKER} everyone`);
    expect(pipeline.model.stats.requests - before).toBe(1);
  });

  it('refuses a model whose tokenizer is not the one this code builds, naming it', async () => {
    const metadata = { ...artifact.metadata, tokenizer: { ...artifact.metadata.tokenizer, maxTokens: 64 } };
    const model = await BatchedOnnxModel.load({ onnx: artifact.onnx, metadata, source: 'artifact', executionProvider: 'cpu', threads: 1 });
    try {
      expect(() => new ViralPipeline(model)).toThrow(ModelContractError);
      expect(() => new ViralPipeline(model)).toThrow(/was trained with tokenizer .*"maxTokens":64/);
    } finally {
      await model.dispose();
    }
  });
});
