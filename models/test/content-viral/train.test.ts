import { describe, expect, it } from 'vitest';
import ort from 'onnxruntime-node';
import { contentDatasets } from '../../src/content/content-examples.js';
import { OfflineViralModel } from '../../src/content-viral/offline-model.js';
import { CONTENT_VIRAL_TRAINING, trainViralModel, type ViralTrainingConfig } from '../../src/content-viral/training/train.js';
import { VIRAL_ONNX_INPUT, VIRAL_ONNX_OUTPUT } from '../../src/content-viral/metadata.js';
import { VIRAL_DRIFT_FEATURES, viralDriftFeatures } from '../../src/content-viral/drift-features.js';

/** The committed recipe on a few small simulated channels and a tiny network: every stage, in seconds. */
const TINY: ViralTrainingConfig = {
  ...CONTENT_VIRAL_TRAINING,
  version: '0.0.1-tiny',
  data: { seed: 5, simulator: { seed: 11, channels: 10, days: 60, endDate: '2024-12-31' }, split: { calibration: 2, test: 2 } },
  architecture: { maxTokens: 40, dModel: 8, heads: 4, layers: 2, ffn: 16, pooling: 'mean', dropout: 0.1, seed: 1 },
  tailTokens: 12,
  epochs: 3,
  examplesPerEpoch: 96,
  averageFrom: 2,
  warmupSteps: 2,
  validationPosts: 120,
};

describe('trainViralModel', () => {
  it('trains, exports an ONNX graph that matches tfjs, calibrates and measures on the test channels', async () => {
    const lines: string[] = [];
    const { onnx, metadata } = await trainViralModel(TINY, { log: (l) => lines.push(l) });
    const data = contentDatasets(TINY.data);

    expect(metadata.metrics.parity.maxAbsDiff).toBeLessThanOrEqual(1e-4);
    // The reference for data drift: the served features of every training text.
    expect(Object.keys(metadata.reference!.features)).toEqual([...VIRAL_DRIFT_FEATURES]);
    expect(metadata.reference!.features.lnLength!.count).toBe(metadata.data.examples.train);
    const lengths = data.train.map((e) => viralDriftFeatures(e.text).lnLength);
    expect(metadata.reference!.features.lnLength!.mean).toBeCloseTo(lengths.reduce((a, b) => a + b, 0) / lengths.length, 4);
    expect(metadata.metrics.parity.samples).toBe(128 + Math.min(256, data.test.length));
    expect(metadata.training.history.map((h) => h.epoch)).toEqual([1, 2, 3]);
    expect([1, 2, 3]).toContain(metadata.training.bestEpoch);
    // From epoch 2 on, the average of the epochs' weights is a candidate too.
    expect(metadata.training.history.map((h) => h.averagedAuc === undefined)).toEqual([true, false, false]);
    expect([null, 2]).toContain(metadata.training.averagedFrom);
    expect(metadata.io.inputs[0]).toMatchObject({ name: VIRAL_ONNX_INPUT, shape: ['batch', 40] });
    expect(metadata.tokenizer).toMatchObject({ kind: 'utf8-bytes', vocab: 259, maxTokens: 40, tailTokens: 12 });
    expect(metadata.calibration.slope).toBeGreaterThan(0);
    expect(metadata.metrics.test).toMatchObject({ posts: data.test.length, viral: data.test.filter((e) => e.viral).length, channels: 2 });
    expect(metadata.metrics.reliability.reduce((n, r) => n + r.posts, 0)).toBe(data.test.length);
    expect(metadata.data.examples).toEqual({ train: data.train.length, calibration: data.calibration.length, test: data.test.length });
    expect(lines.some((l) => /^parity: max \|tfjs - onnx\|/.test(l))).toBe(true);

    // The bytes are the graph the metadata describes, and the offline model states what training measured.
    const session = await ort.InferenceSession.create(onnx);
    expect(session.inputNames).toEqual([VIRAL_ONNX_INPUT]);
    expect(session.outputNames).toEqual([VIRAL_ONNX_OUTPUT]);
    await session.release();
    const model = await OfflineViralModel.load({ onnx, metadata });
    try {
      const estimates = await model.scoreMany(data.test.map((e) => e.text));
      const brier = estimates.reduce((s, e, i) => s + (e.score - (data.test[i]!.viral ? 1 : 0)) ** 2, 0) / estimates.length;
      expect(brier).toBeCloseTo(metadata.metrics.test.brier, 5);
    } finally {
      await model.dispose();
    }
  }, 120_000);
});
