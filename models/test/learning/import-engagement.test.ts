import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ort from 'onnxruntime-node';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { Random } from '@telepulse/dataset';
import { initTf, withSeededMathRandom } from '../../src/training/tf.js';
import { uniformArray } from '../../src/training/random.js';
import { buildEngagementNetwork, ENGAGEMENT_FEATURE_COUNT, ENGAGEMENT_OUTPUTS, resolveEngagementArchitecture } from '../../src/engagement/training/architecture.js';
import { exportEngagementOnnx, lstmBiasToOnnx, lstmMatrixToOnnx } from '../../src/engagement/training/export-onnx.js';
import { ENGAGEMENT_ONNX_INPUT, ENGAGEMENT_ONNX_OUTPUT, type EngagementModelMetadata } from '../../src/engagement/metadata.js';
import { INPUT_COLUMNS } from '../../src/engagement/features.js';
import { importEngagementWeights, lstmBiasFromOnnx, lstmMatrixFromOnnx } from '../../src/learning/import-engagement.js';

let tf: Awaited<ReturnType<typeof initTf>>;
beforeAll(async () => {
  tf = await initTf('wasm');
});

const models: LayersModel[] = [];
afterAll(() => models.forEach((m) => m.dispose()));

/** Only what the importer reads of a metadata: the architecture and the columns. */
function metadataOf(architecture: ReturnType<typeof resolveEngagementArchitecture>): EngagementModelMetadata {
  return { name: 'engagement', version: 'test', architecture, postFeatures: INPUT_COLUMNS } as unknown as EngagementModelMetadata;
}

async function trainedTinyModel(layers: number): Promise<{ model: LayersModel; architecture: ReturnType<typeof resolveEngagementArchitecture> }> {
  const architecture = resolveEngagementArchitecture({ historyPosts: 5, hidden: 6, layers, dense: 4, dropout: 0.1, seed: 3 });
  const model = buildEngagementNetwork(architecture);
  models.push(model);
  const steps = architecture.historyPosts + 1;
  const rng = new Random(11);
  const x = tf.tensor3d(uniformArray(rng, 64 * steps * ENGAGEMENT_FEATURE_COUNT), [64, steps, ENGAGEMENT_FEATURE_COUNT]);
  const y = tf.tensor2d(uniformArray(rng, 64 * ENGAGEMENT_OUTPUTS), [64, ENGAGEMENT_OUTPUTS]);
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanAbsoluteError' });
  await withSeededMathRandom(5, () => model.fit(x, y, { batchSize: 16, epochs: 1, shuffle: false, verbose: 0 }));
  tf.dispose([x, y]);
  return { model, architecture };
}

describe('importEngagementWeights', () => {
  it('undoes the exporter gate reordering of LSTM matrices and biases exactly', () => {
    const rows = 3;
    const hidden = 2;
    const matrix = Float32Array.from({ length: rows * 4 * hidden }, (_, i) => i + 1);
    expect(lstmMatrixFromOnnx(lstmMatrixToOnnx(matrix, rows, hidden), rows, hidden)).toEqual(matrix);
    const bias = Float32Array.from({ length: 4 * hidden }, (_, i) => i + 1);
    expect(lstmBiasFromOnnx(lstmBiasToOnnx(bias, hidden), hidden)).toEqual(bias);
  });

  for (const layers of [1, 2]) {
    it(`gives a ${layers}-LSTM model trained for an epoch back with the same weights, and the same predictions as ONNX Runtime`, async () => {
      const { model, architecture } = await trainedTinyModel(layers);
      const onnx = exportEngagementOnnx(model);
      const imported = await importEngagementWeights(onnx, metadataOf(architecture));
      models.push(imported);

      const original = model.getWeights().map((w) => Array.from(w.dataSync()));
      const back = imported.getWeights().map((w) => Array.from(w.dataSync()));
      expect(back).toEqual(original);
      // Re-exporting gives the same bytes: nothing was lost or reordered on the way.
      expect(Buffer.from(exportEngagementOnnx(imported)).equals(Buffer.from(onnx))).toBe(true);

      const steps = architecture.historyPosts + 1;
      const input = uniformArray(new Random(99), 32 * steps * ENGAGEMENT_FEATURE_COUNT, -1, 1);
      const tfjs = tf.tidy(() => (imported.predict(tf.tensor3d(input, [32, steps, ENGAGEMENT_FEATURE_COUNT])) as ReturnType<typeof tf.tensor>).dataSync());
      const session = await ort.InferenceSession.create(onnx);
      const result = (await session.run({ [ENGAGEMENT_ONNX_INPUT]: new ort.Tensor('float32', input, [32, steps, ENGAGEMENT_FEATURE_COUNT]) }))[ENGAGEMENT_ONNX_OUTPUT]!;
      await session.release();
      const ortValues = result.data as Float32Array;
      expect(ortValues.length).toBe(32 * ENGAGEMENT_OUTPUTS);
      const maxDiff = ortValues.reduce((m, v, i) => Math.max(m, Math.abs(v - tfjs[i]!)), 0);
      expect(maxDiff).toBeLessThan(1e-5);
    });
  }

  it('rejects bytes whose layers do not match the metadata architecture, naming the initializer', async () => {
    const { model, architecture } = await trainedTinyModel(1);
    const onnx = exportEngagementOnnx(model);
    await expect(importEngagementWeights(onnx, metadataOf({ ...architecture, hidden: 7 }))).rejects.toThrow(/initializer lstm0_W has dims \[1, 24, 20\].*\[1, 28, 20\]/);
  });
});
