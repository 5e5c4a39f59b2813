import ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenizeContent } from '../src/content/tokenizer.js';
import type { ContentCnnArtifact } from '../src/content-cnn/artifact.js';
import { CONTENT_CNN_ONNX_EMBEDDING, CONTENT_CNN_ONNX_INPUT, CONTENT_CNN_ONNX_OUTPUT } from '../src/content-cnn/metadata.js';
import { OfflineContentCnnModel } from '../src/content-cnn/offline-model.js';
import { ContentCnnPipeline } from '../src/content-cnn/pipeline.js';
import { BatchedOnnxModel } from '../src/runtime/batched-onnx-model.js';
import { ModelContractError } from '../src/runtime/model-io.js';
import { smallContentCnnArtifact } from './support/content-cnn-artifact.js';

const TEXTS = ['BREAKING: markets fall 📉', 'Розыгрыш! Комментируйте, чтобы выиграть', 'ok', 'https://example.com #news @someone?', 'x'.repeat(400)];

describe('ContentCnnPipeline', () => {
  let artifact: ContentCnnArtifact;
  let pipeline: ContentCnnPipeline;
  let direct: ort.InferenceSession;
  const load = (metadata = artifact.metadata) => BatchedOnnxModel.load({ onnx: artifact.onnx, metadata, source: 'artifact', executionProvider: 'cpu', threads: 1 });

  beforeAll(async () => {
    artifact = await smallContentCnnArtifact();
    pipeline = new ContentCnnPipeline(await load());
    direct = await ort.InferenceSession.create(artifact.onnx);
  });
  afterAll(async () => {
    await pipeline?.dispose();
    await direct?.release();
  });
  /** The relative engagement ONNX Runtime gives each text, one run each, outside the pipeline. */
  const directEstimates = (texts: readonly string[]) =>
    Promise.all(
      texts.map(async (text) => {
        const out = await direct.run({ [CONTENT_CNN_ONNX_INPUT]: new ort.Tensor('float32', Float32Array.from(tokenizeContent(text, 128).ids), [1, 128]) });
        return (out[CONTENT_CNN_ONNX_OUTPUT]!.data as Float32Array)[0]!;
      }),
    );

  it('reads its token count and embedding size from the io contract', () => {
    expect(pipeline.name).toBe('content-cnn');
    expect(pipeline.version).toBe('0.0.1-test');
    expect(pipeline.maxTokens).toBe(128);
    expect(pipeline.embeddingDims).toBe(12);
  });

  it('tokenizes the text, runs the model and gives its relative engagement, embedding, token count and truncation', async () => {
    const estimate = await pipeline.analyze(TEXTS[0]!);
    const { ids, length } = tokenizeContent(TEXTS[0]!, 128);
    const out = await direct.run({ [CONTENT_CNN_ONNX_INPUT]: new ort.Tensor('float32', Float32Array.from(ids), [1, 128]) });
    expect(estimate.relativeEngagement).toBeCloseTo((out[CONTENT_CNN_ONNX_OUTPUT]!.data as Float32Array)[0]!, 6);
    expect(estimate.embedding).toBeInstanceOf(Float32Array);
    expect([...estimate.embedding].map((v) => Number(v.toFixed(5)))).toEqual([...(out[CONTENT_CNN_ONNX_EMBEDDING]!.data as Float32Array)].map((v) => Number(v.toFixed(5))));
    expect(estimate.tokens).toBe(length);
    expect(estimate.truncated).toBe(false);
  });

  it('says so when a text does not fit, reading its first bytes', async () => {
    const estimate = await pipeline.analyze(TEXTS[4]!);
    expect(estimate.truncated).toBe(true);
    expect(estimate.tokens).toBe(128);
  });

  it('batches concurrent texts into one model run, each answered with its own estimate', async () => {
    const fresh = await load();
    const other = new ContentCnnPipeline(fresh);
    try {
      const before = fresh.stats;
      const many = await other.analyzeMany(TEXTS);
      expect(fresh.stats.batches - before.batches).toBe(1);
      expect(fresh.stats.requests - before.requests).toBe(TEXTS.length);
      const direct = await directEstimates(TEXTS);
      many.forEach((e, i) => expect(e.relativeEngagement).toBeCloseTo(direct[i]!, 6));
      expect(new Set(many.map((e) => e.relativeEngagement.toFixed(6))).size).toBeGreaterThan(1);
    } finally {
      await other.dispose();
    }
  });

  it('answers a text it read before from its cache, without a model run, and one new text with one', async () => {
    await pipeline.analyzeMany(TEXTS);
    const before = pipeline.model.stats.requests;
    const again = await pipeline.analyzeMany([...TEXTS, 'a text not read before']);
    expect(pipeline.model.stats.requests - before).toBe(1);
    const direct = await directEstimates([...TEXTS, 'a text not read before']);
    again.forEach((e, i) => expect(e.relativeEngagement).toBeCloseTo(direct[i]!, 6));
  });

  it('gives the same estimates as the offline model', async () => {
    const offline = await OfflineContentCnnModel.load(artifact);
    try {
      const fromOffline = await offline.analyzeMany(TEXTS, 2);
      const served = await pipeline.analyzeMany(TEXTS);
      served.forEach((s, i) => {
        expect(s.relativeEngagement).toBeCloseTo(fromOffline[i]!.relativeEngagement, 6);
        expect(s.tokens).toBe(fromOffline[i]!.tokens);
        s.embedding.forEach((v, j) => expect(v).toBeCloseTo(fromOffline[i]!.embedding[j]!, 5));
      });
    } finally {
      await offline.dispose();
    }
  });

  it('refuses a non-string before asking the model', async () => {
    const before = pipeline.model.stats.requests;
    await expect(pipeline.analyze(42 as unknown as string)).rejects.toThrow('content-cnn analyzes a string, got number');
    expect(pipeline.model.stats.requests).toBe(before);
  });

  it('refuses a model trained on other tokens than this code builds, naming both', async () => {
    const model = await load({ ...artifact.metadata, tokenizer: { ...artifact.metadata.tokenizer, byteOffset: 4 } });
    try {
      expect(() => new ContentCnnPipeline(model)).toThrow(ModelContractError);
      expect(() => new ContentCnnPipeline(model)).toThrow(/was trained on tokens .*"byteOffset":4.*, this code builds byte tokens .*"byteOffset":3/);
    } finally {
      await model.dispose();
    }
  });
});
