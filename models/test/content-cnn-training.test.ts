import ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { simulateChannels } from '@telepulse/dataset';
import { CONTENT_VOCAB } from '../src/content/tokenizer.js';
import type { ContentCnnArtifact } from '../src/content-cnn/artifact.js';
import { OfflineContentCnnModel } from '../src/content-cnn/offline-model.js';
import { CONTENT_CNN_TRAINING, trainContentCnnModel, type ContentCnnTrainingConfig } from '../src/content-cnn/training/train.js';

/** Everything small: a few channels, a tiny network, two short epochs. */
const TINY: ContentCnnTrainingConfig = {
  ...CONTENT_CNN_TRAINING,
  version: '0.0.1-tiny',
  data: { ...CONTENT_CNN_TRAINING.data, simulator: { seed: 7, channels: 6, days: 60, endDate: '2024-12-31' }, split: { calibration: 1, test: 1 } },
  architecture: { maxTokens: 128, embedding: 8, kernels: [3, 5], filters: 6, dense: 8, dropout: 0.1, seed: 3 },
  epochs: 2,
  examplesPerEpoch: 96,
  batchSize: 32,
  validationExamples: 64,
  testExamples: 64,
};

const files = simulateChannels({ seed: 8, channels: 1, days: 30, idPrefix: 'file' });
let artifact: ContentCnnArtifact;
const lines: string[] = [];

beforeAll(async () => {
  artifact = await trainContentCnnModel(TINY, { channels: files, log: (line) => lines.push(line) });
}, 60_000);

describe('trainContentCnnModel', () => {
  it('writes the metadata of what it trained: io, tokens, architecture, epochs, data and held-out metrics', () => {
    const m = artifact.metadata;
    expect(m).toMatchObject({ name: 'content-cnn', version: '0.0.1-tiny', format: { onnxOpset: 17, irVersion: 8, bytes: artifact.onnx.byteLength } });
    expect(m.io.inputs.map((t) => [t.name, t.shape])).toEqual([['tokens', ['batch', 128]]]);
    expect(m.io.outputs.map((t) => [t.name, t.shape])).toEqual([
      ['relative_engagement', ['batch', 1]],
      ['embedding', ['batch', 12]],
    ]);
    expect(m.tokenizer).toEqual({ kind: 'bytes', vocab: CONTENT_VOCAB, maxTokens: 128, pad: 0, cls: 1, truncated: 2, byteOffset: 3 });
    expect(m.architecture).toMatchObject({ maxTokens: 128, kernels: [3, 5], filters: 6 });
    expect(m.training.history.map((h) => h.epoch)).toEqual([1, 2]);
    expect([1, 2]).toContain(m.training.bestEpoch);
    expect(m.data.split).toEqual({ train: 4, calibration: 1, test: 1 });
    expect(m.data.files).toEqual({ channels: 1, examples: expect.any(Number), ids: ['file-1'] });
    expect(m.metrics.test.posts).toBe(Math.min(64, m.data.examples.test));
    expect(m.metrics.parity.samples).toBe(256 + m.metrics.test.posts);
    expect(m.metrics.parity.maxAbsDiff).toBeLessThanOrEqual(1e-4);
    expect(m.metrics.parity.maxEmbeddingAbsDiff).toBeLessThanOrEqual(1e-4);
    expect(lines.some((l) => /^parity: max \|tfjs - onnx\|/.test(l))).toBe(true);
    expect(lines.filter((l) => /^epoch \d\/2: /.test(l))).toHaveLength(2);
  });

  it('gives a graph ONNX Runtime loads with the declared tensors, and an offline model that analyzes texts', async () => {
    const session = await ort.InferenceSession.create(artifact.onnx);
    expect(session.inputNames).toEqual(['tokens']);
    expect([...session.outputNames].sort()).toEqual(['embedding', 'relative_engagement']);
    await session.release();
    const offline = await OfflineContentCnnModel.load(artifact);
    try {
      const [a, b] = await offline.analyzeMany(['Exclusive: big news today!', 'Реклама. Подпишитесь на канал #промо']);
      expect(a!.embedding).toHaveLength(12);
      expect(Number.isFinite(a!.relativeEngagement) && Number.isFinite(b!.relativeEngagement)).toBe(true);
      expect(a!.relativeEngagement).not.toBe(b!.relativeEngagement);
    } finally {
      await offline.dispose();
    }
  });

  it('trains the same model again from the same config, bit for bit', async () => {
    const again = await trainContentCnnModel(TINY, { channels: files });
    expect(again.metadata.format.sha256).toBe(artifact.metadata.format.sha256);
  }, 60_000);
});
