import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { Random } from '@telepulse/dataset';
import { initTf, withSeededMathRandom } from '../src/training/tf.js';
import { uniformArray } from '../src/training/random.js';
import { buildGrowthNetwork, GrowthArchitectureError, QUANTILE_COUNT, type GrowthArchitectureOptions, type QuantileHead } from '../src/growth/training/architecture.js';
import { exportGrowthOnnx, GrowthExportError, gruBiasToOnnx, gruMatrixToOnnx } from '../src/growth/training/export-onnx.js';
import { GROWTH_FEATURES } from '../src/growth/features.js';
import { GROWTH_ONNX_INPUT, GROWTH_ONNX_OUTPUT } from '../src/growth/metadata.js';
import { parseModel, type onnx } from '../src/onnx/builder.js';

let tf: Awaited<ReturnType<typeof initTf>>;
beforeAll(async () => {
  tf = await initTf('wasm');
});

const BATCH = 256;
const TOLERANCE = 1e-4;

/** A small network: the full graph, quick to build and train. */
const SMALL: GrowthArchitectureOptions = { window: 20, horizon: 30, hidden: 12, attention: 6, dense: 16 };

async function onnxQuantiles(onnx: Uint8Array, history: Float32Array, steps: number): Promise<ort.Tensor> {
  const session = await ort.InferenceSession.create(onnx);
  try {
    return (await session.run({ [GROWTH_ONNX_INPUT]: new ort.Tensor('float32', history, [history.length / (steps * GROWTH_FEATURES), steps, GROWTH_FEATURES]) }))[GROWTH_ONNX_OUTPUT]!;
  } finally {
    await session.release();
  }
}

/** The same seeded inputs (uniform in [0, 1), as the `present` column is in real inputs) through tfjs and ONNX Runtime. */
async function parity(model: LayersModel, inputSeed: number) {
  const [, steps] = model.inputs[0]!.shape as [null, number, number];
  const history = uniformArray(new Random(inputSeed), BATCH * steps * GROWTH_FEATURES);
  const expected = tf.tidy(() => (model.predict(tf.tensor3d(history, [BATCH, steps, GROWTH_FEATURES])) as ReturnType<typeof tf.tensor>).dataSync());
  const actual = await onnxQuantiles(exportGrowthOnnx(model), history, steps);
  const data = actual.data as Float32Array;
  let maxAbsDiff = data.length === expected.length ? 0 : Infinity;
  for (let i = 0; i < expected.length; i++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(expected[i]! - data[i]!));
  return { dims: actual.dims, type: actual.type, maxAbsDiff };
}

/** A few optimizer steps, so every weight moves off its initial value. */
async function trainBriefly(model: LayersModel, seed: number, batches = 3, batchSize = 32): Promise<void> {
  const [, steps] = model.inputs[0]!.shape as [null, number, number];
  const [, horizon] = model.outputs[0]!.shape as [null, number, number];
  const rng = new Random(seed);
  const n = batches * batchSize;
  const x = tf.tensor3d(uniformArray(rng, n * steps * GROWTH_FEATURES), [n, steps, GROWTH_FEATURES]);
  const y = tf.tensor3d(uniformArray(rng, n * horizon * QUANTILE_COUNT, -0.2, 0.2), [n, horizon, QUANTILE_COUNT]);
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanAbsoluteError' });
  await withSeededMathRandom(seed, () => model.fit(x, y, { batchSize, epochs: 1, shuffle: false, verbose: 0 }));
  tf.dispose([x, y]);
}

describe('growth model ONNX export', () => {
  const models: LayersModel[] = [];
  const build = (options: GrowthArchitectureOptions): LayersModel => {
    const m = buildGrowthNetwork(options);
    models.push(m);
    return m;
  };
  afterAll(() => models.forEach((m) => m.dispose()));

  it('matches tfjs within 1e-4 on 256 inputs, at initialisation and after training, every quantile of every day', async () => {
    const model = build({ ...SMALL, seed: 7 });
    expect(model.inputs[0]!.shape).toEqual([null, 20, GROWTH_FEATURES]);
    expect(model.outputs[0]!.shape).toEqual([null, 30, QUANTILE_COUNT]);

    const initial = await parity(model, 101);
    expect(initial.dims).toEqual([BATCH, 30, QUANTILE_COUNT]);
    expect(initial.type).toBe('float32');
    expect(initial.maxAbsDiff).toBeLessThanOrEqual(TOLERANCE);

    const gruBias = () => model.getLayer('gru').getWeights()[2]!.dataSync().slice();
    const before = gruBias();
    await trainBriefly(model, 3);
    expect(gruBias().some((v, i) => v !== before[i]), 'the GRU bias did not move').toBe(true);

    const trained = await parity(model, 102);
    expect(trained.dims).toEqual([BATCH, 30, QUANTILE_COUNT]);
    expect(trained.maxAbsDiff).toBeLessThanOrEqual(TOLERANCE);
    console.info(`growth max |tfjs - ort|: initial ${initial.maxAbsDiff.toExponential(2)}, trained ${trained.maxAbsDiff.toExponential(2)}`);
  });

  it('matches tfjs with the full window and the default sizes, after training', async () => {
    const model = build({ seed: 11 });
    await trainBriefly(model, 12, 2);
    const result = await parity(model, 103);
    expect(result.dims).toEqual([BATCH, 30, QUANTILE_COUNT]);
    expect(result.maxAbsDiff).toBeLessThanOrEqual(TOLERANCE);
  });

  it('carries width scales set after training into the graph, matching tfjs and widening the intervals they scale', async () => {
    const model = build({ ...SMALL, seed: 13 });
    await trainBriefly(model, 14);
    const head = model.getLayer('quantile_head') as unknown as QuantileHead;
    const steps = 20;
    const history = uniformArray(new Random(6), 8 * steps * GROWTH_FEATURES);
    const before = (await onnxQuantiles(exportGrowthOnnx(model), history, steps)).data as Float32Array;
    head.setWidthScales([2, 1, 1, 0]);
    const result = await parity(model, 104);
    expect(result.maxAbsDiff).toBeLessThanOrEqual(TOLERANCE);
    const after = (await onnxQuantiles(exportGrowthOnnx(model), history, steps)).data as Float32Array;
    for (let j = 0; j < after.length; j += QUANTILE_COUNT) {
      const [l95, l80, m, h80, h95] = after.subarray(j, j + QUANTILE_COUNT);
      expect(m).toBeCloseTo(before[j + 2]!, 6);
      expect(m! - l80!).toBeCloseTo(2 * (before[j + 2]! - before[j + 1]!), 5);
      expect(l80! - l95!).toBeCloseTo(before[j + 1]! - before[j]!, 5);
      expect(h95).toBeCloseTo(h80!, 6);
    }
    expect(() => head.setWidthScales([1, -1, 1, 1])).toThrow(GrowthArchitectureError);
  });

  it('gives quantiles that never cross and intervals that never narrow with the horizon, on random inputs far outside the data', async () => {
    const model = build({ ...SMALL, seed: 9 });
    await trainBriefly(model, 4);
    const steps = 20;
    const history = uniformArray(new Random(5), BATCH * steps * GROWTH_FEATURES, -20, 20);
    const out = (await onnxQuantiles(exportGrowthOnnx(model), history, steps)).data as Float32Array;
    let crossings = 0;
    let narrowing = 0;
    for (let b = 0; b < BATCH; b++) {
      for (let d = 0; d < 30; d++) {
        const q = out.subarray((b * 30 + d) * QUANTILE_COUNT, (b * 30 + d + 1) * QUANTILE_COUNT);
        for (let k = 1; k < QUANTILE_COUNT; k++) if (!(q[k]! >= q[k - 1]!)) crossings += 1;
        if (d > 0) {
          const previous = out.subarray((b * 30 + d - 1) * QUANTILE_COUNT, (b * 30 + d) * QUANTILE_COUNT);
          // Widths are differences of float32 values: allow their rounding, relative to the values' size.
          const slack = 1e-6 * Math.max(1, ...Array.from(q, Math.abs));
          if (q[4]! - q[0]! < previous[4]! - previous[0]! - slack || q[3]! - q[1]! < previous[3]! - previous[1]! - slack) narrowing += 1;
        }
      }
    }
    expect({ crossings, narrowing }).toEqual({ crossings: 0, narrowing: 0 });
  });

  it('writes an opset-17 graph with the GRU, the attention and the monotone head, and a symbolic batch dimension', () => {
    const proto = parseModel(exportGrowthOnnx(build({ ...SMALL, seed: 1 }), { docString: 'test' }));
    expect(Number(proto.irVersion)).toBe(8);
    expect(proto.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', 17]]);
    expect(proto.docString).toBe('test');
    const ops = proto.graph!.node!.map((n) => n.opType);
    expect(ops.slice(0, 5)).toEqual(['Transpose', 'GRU', 'Squeeze', 'Transpose', 'Squeeze']);
    for (const op of ['Softplus', 'CumSum', 'ReduceMax', 'Exp', 'Concat', 'Gemm', 'Relu', 'Tanh', 'Reshape']) expect(ops).toContain(op);
    const gru = proto.graph!.node!.find((n) => n.opType === 'GRU')!;
    expect(Number(gru.attribute!.find((a) => a.name === 'linear_before_reset')!.i)).toBe(0);
    const dims = (name: string, list: readonly onnx.IValueInfoProto[] | null | undefined) => list?.find((v) => v.name === name)?.type?.tensorType?.shape?.dim?.map((d) => d.dimParam || Number(d.dimValue));
    expect(dims(GROWTH_ONNX_INPUT, proto.graph!.input)).toEqual(['batch', 20, GROWTH_FEATURES]);
    expect(dims(GROWTH_ONNX_OUTPUT, proto.graph!.output)).toEqual(['batch', 30, QUANTILE_COUNT]);
  });

  it('rejects a GRU with hardSigmoid gates, naming the layer and the setting', () => {
    const input = tfl.input({ shape: [5, GROWTH_FEATURES] });
    const output = tfl.layers.gru({ name: 'gru', units: 4, returnSequences: true, recurrentActivation: 'hardSigmoid' }).apply(input) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: output });
    models.push(model);
    expect(() => exportGrowthOnnx(model)).toThrow(GrowthExportError);
    expect(() => exportGrowthOnnx(model)).toThrow(/layer gru: recurrentActivation is "hardSigmoid"/);
  });
});

describe('GRU weight conversion', () => {
  // H = 1, two inputs: tfjs columns are gates z r h, ONNX rows are z r h too.
  it('transposes [I, 3H] to [3H, I] keeping the gate order z r h', () => {
    const kernel = Float32Array.from([/* input 0: z r h */ 10, 20, 30, /* input 1 */ 11, 21, 31]);
    expect([...gruMatrixToOnnx(kernel, 2, 1)]).toEqual([10, 11, 20, 21, 30, 31]);
  });

  it('puts the tfjs bias in Wb and zeros in Rb', () => {
    expect([...gruBiasToOnnx(Float32Array.from([1, 2, 3]), 1)]).toEqual([1, 2, 3, 0, 0, 0]);
  });
});

describe('buildGrowthNetwork options', () => {
  it.each([
    [{ hidden: 0 }, /hidden must be a positive integer, got 0/],
    [{ features: 5 }, /features must be more than 11/],
    [{ dropout: 1 }, /dropout must be in \[0, 1\), got 1/],
    [{ unitScale: 0 }, /unitScale must be a positive number, got 0/],
    [{ seed: 1.5 }, /seed must be a safe integer, got 1.5/],
  ] as const)('rejects %o with GrowthArchitectureError', (options, message) => {
    expect(() => buildGrowthNetwork(options)).toThrow(GrowthArchitectureError);
    expect(() => buildGrowthNetwork(options)).toThrow(message);
  });
});
