import { createHash } from 'node:crypto';
import ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentDatasets, type ContentExample } from '../src/content/content-examples.js';
import { readContentCnnArtifact, type ContentCnnArtifact } from '../src/content-cnn/artifact.js';
import { prepareContentInput } from '../src/content-cnn/inference.js';
import { contentCnnWithOnnx } from '../src/content-cnn/offline-model.js';
import { CONTENT_CNN_TRAINING, heldOutSamples } from '../src/content-cnn/training/train.js';
import { spearman } from '../src/evaluation/metrics.js';

/** The committed model, checked as the trainer checked it: contract, bytes, held-out ranking. */
describe('the committed content-cnn artifact', () => {
  let artifact: ContentCnnArtifact;
  let session: ort.InferenceSession;
  let test: ContentExample[];
  let estimates: number[];

  // Simulating the training run's 240 channels and reading 3 000 texts of up to 1 024 tokens: tens of seconds.
  beforeAll(async () => {
    artifact = await readContentCnnArtifact();
    session = await ort.InferenceSession.create(artifact.onnx);
    test = heldOutSamples(contentDatasets(CONTENT_CNN_TRAINING.data), CONTENT_CNN_TRAINING).test;
    estimates = (await contentCnnWithOnnx(session, test.map((e) => prepareContentInput(e.text, 1024)))).map((o) => o.relative);
  }, 180_000);
  afterAll(() => session?.release());

  it('is the bytes its metadata describes, trained by the committed config', () => {
    expect(createHash('sha256').update(artifact.onnx).digest('hex')).toBe(artifact.metadata.format.sha256);
    expect(artifact.onnx.byteLength).toBe(artifact.metadata.format.bytes);
    expect(artifact.metadata.architecture).toMatchObject(CONTENT_CNN_TRAINING.architecture);
    expect(artifact.metadata.metrics.parity.maxAbsDiff).toBeLessThanOrEqual(1e-4);
    expect(artifact.metadata.metrics.parity.maxEmbeddingAbsDiff).toBeLessThanOrEqual(1e-4);
  });

  it('keeps the shape contract: tokens [batch, 1024] in, relative engagement [batch, 1] and embedding [batch, 96] out', async () => {
    expect(artifact.metadata.io.inputs.map(({ name, shape }) => ({ name, shape }))).toEqual([{ name: 'tokens', shape: ['batch', 1024] }]);
    expect(artifact.metadata.io.outputs.map(({ name, shape }) => ({ name, shape }))).toEqual([
      { name: 'relative_engagement', shape: ['batch', 1] },
      { name: 'embedding', shape: ['batch', 96] },
    ]);
    const [out] = await contentCnnWithOnnx(session, [prepareContentInput('', 1024)]);
    expect(Number.isFinite(out!.relative)).toBe(true);
  });

  it('reproduces its recorded Spearman on the held-out test channels, above the recorded baseline', () => {
    const recorded = artifact.metadata.metrics.test;
    expect(test).toHaveLength(recorded.posts);
    const rho = spearman(
      estimates,
      test.map((e) => e.relativeEngagement),
    )!;
    expect(rho).toBeCloseTo(recorded.spearman!, 5);
    expect(rho).toBeGreaterThan(recorded.baselineSpearman!);
  });
});
