import { createHash } from 'node:crypto';
import ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { readEngagementArtifact, type EngagementArtifact } from '../src/engagement/artifact.js';
import { heldOutMetrics, predictWithOnnx } from '../src/engagement/evaluate.js';
import { ENGAGEMENT_TRAINING } from '../src/engagement/train.js';
import { engagementDatasets } from '../src/engagement/training-data.js';

/** The committed model, validated as the trainer validated it: contract, bytes, held-out metric. */
describe('the committed engagement artifact', () => {
  let artifact: EngagementArtifact;
  let session: ort.InferenceSession;

  beforeAll(async () => {
    artifact = await readEngagementArtifact();
    session = await ort.InferenceSession.create(artifact.onnx);
  });

  it('is the bytes its metadata describes', () => {
    expect(createHash('sha256').update(artifact.onnx).digest('hex')).toBe(artifact.metadata.format.sha256);
    expect(artifact.onnx.byteLength).toBe(artifact.metadata.format.bytes);
  });

  it('keeps the shape contract: history [batch, 17, 8] in, engagement [batch, 1] out, in (0, 1)', async () => {
    expect(session.inputNames).toEqual(['history']);
    expect(session.outputNames).toEqual(['engagement']);
    expect(artifact.metadata.input.shape).toEqual(['batch', 17, 8]);
    const data = new Float32Array(3 * 17 * 8).fill(0.3);
    const out = (await session.run({ history: new ort.Tensor('float32', data, [3, 17, 8]) })).engagement!;
    expect(out.dims).toEqual([3, 1]);
    expect(out.type).toBe('float32');
    for (const v of out.data as Float32Array) expect(v > 0 && v < 1).toBe(true);
  });

  it('reproduces its recorded held-out error on the test channels, and beats the median baseline', async () => {
    const { test } = engagementDatasets(ENGAGEMENT_TRAINING.data);
    const metrics = heldOutMetrics(test, await predictWithOnnx(session, test));
    expect(metrics.examples).toBe(artifact.metadata.metrics.test.examples);
    expect(metrics.mae).toBeCloseTo(artifact.metadata.metrics.test.mae, 6);
    expect(metrics.mae).toBeLessThan(metrics.baselineMae);
  });

  it('was exported with parity to the trainer within 1e-4', () => {
    expect(artifact.metadata.metrics.parity.maxAbsDiff).toBeLessThanOrEqual(1e-4);
  });

  it('has confidence that means something: error falls as confidence rises', () => {
    const rows = artifact.metadata.confidence.calibration;
    expect(rows).toHaveLength(5);
    expect(rows[rows.length - 1]!.mae).toBeLessThan(rows[0]!.mae);
    expect(rows[rows.length - 1]!.hitRate).toBeGreaterThan(rows[0]!.hitRate);
  });
});
