import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ort from 'onnxruntime-node';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { Random } from '@telepulse/dataset';
import { initTf, withSeededMathRandom } from '../../src/training/tf.js';
import { uniformArray } from '../../src/training/random.js';
import { buildGrowthNetwork, GROWTH_LAYERS, QUANTILE_COUNT, resolveGrowthArchitecture, type QuantileHead } from '../../src/growth/training/architecture.js';
import { exportGrowthOnnx, gruBiasToOnnx, gruMatrixToOnnx } from '../../src/growth/training/export-onnx.js';
import { GROWTH_COLUMNS, GROWTH_FEATURES } from '../../src/growth/features.js';
import { GROWTH_ONNX_INPUT, GROWTH_ONNX_OUTPUT, type GrowthModelMetadata } from '../../src/growth/metadata.js';
import { gruBiasFromOnnx, gruMatrixFromOnnx, importGrowthWeights } from '../../src/learning/import-growth.js';

let tf: Awaited<ReturnType<typeof initTf>>;
beforeAll(async () => {
  tf = await initTf('wasm');
});

const models: LayersModel[] = [];
afterAll(() => models.forEach((m) => m.dispose()));

const ARCHITECTURE = resolveGrowthArchitecture({ window: 12, horizon: 5, hidden: 6, attention: 4, dense: 8, dropout: 0.1, seed: 9 });
const WIDTH_SCALES = [1.25, 0.8, 1.1, 0.9];

/** Only what the importer reads of a metadata. */
function metadataOf(architecture = ARCHITECTURE, widthScales = WIDTH_SCALES): GrowthModelMetadata {
  return { name: 'growth', version: 'test', architecture, dayFeatures: GROWTH_COLUMNS, intervals: { widthScales } } as unknown as GrowthModelMetadata;
}

/** A small growth network trained for one epoch, with calibrated-looking width scales. */
async function trainedTinyModel(): Promise<LayersModel> {
  const model = buildGrowthNetwork(ARCHITECTURE);
  models.push(model);
  const { window, horizon } = ARCHITECTURE;
  const rng = new Random(4);
  const x = tf.tensor3d(uniformArray(rng, 64 * window * GROWTH_FEATURES), [64, window, GROWTH_FEATURES]);
  const y = tf.tensor3d(uniformArray(rng, 64 * horizon * QUANTILE_COUNT, -0.2, 0.2), [64, horizon, QUANTILE_COUNT]);
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanAbsoluteError' });
  await withSeededMathRandom(6, () => model.fit(x, y, { batchSize: 16, epochs: 1, shuffle: false, verbose: 0 }));
  tf.dispose([x, y]);
  (model.getLayer(GROWTH_LAYERS.head) as unknown as QuantileHead).setWidthScales(WIDTH_SCALES);
  return model;
}

describe('importGrowthWeights', () => {
  it('undoes the exporter GRU transposes exactly', () => {
    const matrix = Float32Array.from({ length: 4 * 3 * 2 }, (_, i) => i + 1);
    expect(gruMatrixFromOnnx(gruMatrixToOnnx(matrix, 4, 2), 4, 2)).toEqual(matrix);
    const bias = Float32Array.from({ length: 6 }, (_, i) => i + 1);
    expect(gruBiasFromOnnx(gruBiasToOnnx(bias, 2), 2)).toEqual(bias);
  });

  it('gives a model trained for an epoch back with the same weights and width scales, and the same quantiles as ONNX Runtime', async () => {
    const model = await trainedTinyModel();
    const onnx = exportGrowthOnnx(model);
    const imported = await importGrowthWeights(onnx, metadataOf());
    models.push(imported);

    expect(imported.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(model.getWeights().map((w) => Array.from(w.dataSync())));
    expect((imported.getLayer(GROWTH_LAYERS.head) as unknown as QuantileHead).widthScales).toEqual(WIDTH_SCALES);
    expect(Buffer.from(exportGrowthOnnx(imported)).equals(Buffer.from(onnx))).toBe(true);

    const { window, horizon } = ARCHITECTURE;
    const input = uniformArray(new Random(21), 16 * window * GROWTH_FEATURES);
    const tfjs = tf.tidy(() => (imported.predict(tf.tensor3d(input, [16, window, GROWTH_FEATURES])) as ReturnType<typeof tf.tensor>).dataSync());
    const session = await ort.InferenceSession.create(onnx);
    const result = (await session.run({ [GROWTH_ONNX_INPUT]: new ort.Tensor('float32', input, [16, window, GROWTH_FEATURES]) }))[GROWTH_ONNX_OUTPUT]!;
    await session.release();
    expect(result.dims).toEqual([16, horizon, QUANTILE_COUNT]);
    const values = result.data as Float32Array;
    expect(values.reduce((m, v, i) => Math.max(m, Math.abs(v - tfjs[i]!)), 0)).toBeLessThan(1e-5);
  });

  it('reads the width scales from the graph when the metadata does not record them', async () => {
    const model = await trainedTinyModel();
    const imported = await importGrowthWeights(exportGrowthOnnx(model), metadataOf(ARCHITECTURE, []));
    models.push(imported);
    const scales = (imported.getLayer(GROWTH_LAYERS.head) as unknown as QuantileHead).widthScales;
    scales.forEach((s, k) => expect(s).toBeCloseTo(WIDTH_SCALES[k]!, 5));
  });

  it('rejects bytes of another architecture or unit scale, naming what differs', async () => {
    const onnx = exportGrowthOnnx(await trainedTinyModel());
    await expect(importGrowthWeights(onnx, metadataOf({ ...ARCHITECTURE, hidden: 7 }))).rejects.toThrow(/initializer gru_W has dims \[1, 18, 12\].*\[1, 21, 12\]/);
    await expect(importGrowthWeights(onnx, metadataOf({ ...ARCHITECTURE, unitScale: 0.02 }))).rejects.toThrow(/unitScale is 0.02/);
  });
});
