import { createHash } from 'node:crypto';
import ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEngagementArtifact, type EngagementArtifact } from '../src/engagement/artifact.js';
import { calibrationTable, heldOutMetrics, predictWithOnnx, ratesOf } from '../src/engagement/training/evaluate.js';
import type { EngagementOutput } from '../src/engagement/inference.js';
import { FEATURES_PER_POST } from '../src/engagement/features.js';
import type { EngagementExample } from '../src/engagement/training/examples.js';
import { ENGAGEMENT_TRAINING } from '../src/engagement/training/train.js';
import { engagementDatasets } from '../src/engagement/training/datasets.js';

/** The committed model, validated as the trainer validated it: contract, bytes, held-out behaviour. */
describe('the committed engagement artifact', () => {
  let artifact: EngagementArtifact;
  let session: ort.InferenceSession;
  let test: EngagementExample[];
  let outputs: EngagementOutput[];

  beforeAll(async () => {
    artifact = await readEngagementArtifact();
    session = await ort.InferenceSession.create(artifact.onnx);
    test = engagementDatasets(ENGAGEMENT_TRAINING.data).test;
    outputs = await predictWithOnnx(session, test);
  });
  afterAll(() => session?.release());

  it('is the bytes its metadata describes', () => {
    expect(createHash('sha256').update(artifact.onnx).digest('hex')).toBe(artifact.metadata.format.sha256);
    expect(artifact.onnx.byteLength).toBe(artifact.metadata.format.bytes);
  });

  it('keeps the shape contract: history [batch, 33, columns] in, [batch, 2] out (log ratio, log scale)', async () => {
    expect(artifact.metadata.io.inputs.map(({ name, shape, dtype }) => ({ name, shape, dtype }))).toEqual([{ name: 'history', shape: ['batch', 33, FEATURES_PER_POST], dtype: 'float32' }]);
    expect(artifact.metadata.io.outputs.map(({ name, shape, dtype }) => ({ name, shape, dtype }))).toEqual([{ name: 'engagement', shape: ['batch', 2], dtype: 'float32' }]);
    expect(session.inputNames).toEqual(['history']);
    expect(session.outputNames).toEqual(['engagement']);
    const data = new Float32Array(3 * 33 * FEATURES_PER_POST).fill(0.3);
    const out = (await session.run({ history: new ort.Tensor('float32', data, [3, 33, FEATURES_PER_POST]) })).engagement!;
    expect(out.dims).toEqual([3, 2]);
    expect(out.type).toBe('float32');
    for (const v of out.data as Float32Array) expect(Number.isFinite(v)).toBe(true);
  });

  it('reproduces its recorded held-out error on the test channels, and beats the rolling-16 baseline', () => {
    const metrics = heldOutMetrics(test, ratesOf(test, outputs));
    expect(metrics.examples).toBe(artifact.metadata.metrics.test.examples);
    expect(metrics.mae).toBeCloseTo(artifact.metadata.metrics.test.mae, 6);
    expect(metrics.mae).toBeLessThan(metrics.baselineMae);
  });

  it('has confidence that means something: on held-out channels, the most confident fifth errs less and hits more than the least', () => {
    const rows = calibrationTable(test, outputs, artifact.metadata.confidence, artifact.metadata.architecture.historyPosts);
    expect(rows).toHaveLength(5);
    expect(rows[4]!.mae).toBeLessThan(rows[0]!.mae);
    expect(rows[4]!.hitRate).toBeGreaterThan(rows[0]!.hitRate);
    // The table committed beside the bytes (and quoted in the README) is the one they produce.
    rows.forEach((row, i) => expect(row.mae).toBeCloseTo(artifact.metadata.confidence.calibration[i]!.mae, 5));
  });
});
