/**
 * A small untrained content CNN as a complete artifact (ONNX bytes and metadata as the trainer
 * writes them): for tests of serving and evaluation that need a real graph, not a good one.
 */
import { CONTENT_BYTE_OFFSET, CONTENT_CLS, CONTENT_PAD, CONTENT_TRUNCATED, CONTENT_VOCAB } from '../../src/content/tokenizer.js';
import type { ContentCnnArtifact } from '../../src/content-cnn/artifact.js';
import { contentCnnIo, type ContentCnnModelMetadata } from '../../src/content-cnn/metadata.js';
import { buildContentCnnNetwork, resolveContentCnnArchitecture, type ContentCnnArchitectureOptions } from '../../src/content-cnn/training/architecture.js';
import { exportContentCnnOnnx } from '../../src/content-cnn/training/export-onnx.js';
import { featureStats } from '../../src/training/feature-stats.js';
import { initTf } from '../../src/training/tf.js';

export const SMALL_CONTENT_CNN: ContentCnnArchitectureOptions = { maxTokens: 128, embedding: 8, kernels: [3, 5], filters: 6, dense: 8, seed: 3 };

export async function smallContentCnnArtifact(options: ContentCnnArchitectureOptions = SMALL_CONTENT_CNN, version = '0.0.1-test'): Promise<ContentCnnArtifact> {
  await initTf('wasm');
  const architecture = resolveContentCnnArchitecture(options);
  const network = buildContentCnnNetwork(architecture);
  const onnx = exportContentCnnOnnx(network);
  network.dispose();
  const none = featureStats([]);
  const metadata: ContentCnnModelMetadata = {
    name: 'content-cnn',
    version,
    format: { onnxOpset: 17, irVersion: 8, sha256: '', bytes: onnx.byteLength },
    io: contentCnnIo(architecture.maxTokens, architecture.filters * architecture.kernels.length),
    tokenizer: { kind: 'bytes', vocab: CONTENT_VOCAB, maxTokens: architecture.maxTokens, pad: CONTENT_PAD, cls: CONTENT_CLS, truncated: CONTENT_TRUNCATED, byteOffset: CONTENT_BYTE_OFFSET },
    architecture,
    training: { seed: 0, backend: 'wasm', epochs: 0, bestEpoch: 0, batchSize: 0, learningRate: 0, loss: 'untrained', history: [] },
    data: { source: 'none', simulator: { seed: 0, channels: 0, days: 0, endDate: '' }, split: { train: 0, calibration: 0, test: 0 }, examples: { train: 0, calibration: 0, test: 0 }, dataRange: { from: '', to: '' } },
    metrics: {
      test: { channels: 0, posts: 0, spearman: null, baselineSpearman: null, mae: 0, baselineMae: 0 },
      parity: { samples: 0, maxAbsDiff: 0, maxEmbeddingAbsDiff: 0 },
    },
    featureStats: { tokens: none, truncatedShare: 0 },
    targetStats: none,
  };
  return { onnx, metadata };
}
