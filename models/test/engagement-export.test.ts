import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import * as tfl from '@tensorflow/tfjs-layers';
import { initTf, withSeededMathRandom } from '../src/training/tf.js';
import { Random } from '@telepulse/dataset';
import { uniformArray } from '../src/training/random.js';
import {
  buildEngagementNetwork,
  ENGAGEMENT_FEATURE_COUNT,
  ENGAGEMENT_OUTPUTS,
  EngagementArchitectureError,
  type EngagementArchitectureOptions,
} from '../src/engagement/training/architecture.js';
import { EngagementExportError, exportEngagementOnnx, lstmBiasToOnnx, lstmMatrixToOnnx } from '../src/engagement/training/export-onnx.js';
import { ENGAGEMENT_ONNX_INPUT, ENGAGEMENT_ONNX_OUTPUT } from '../src/engagement/metadata.js';
import { parseModel } from '../src/onnx/builder.js';

// wasm, not cpu: a training step of the full model takes ~0.2 s on wasm and ~1.2 s on cpu here,
// and the orthogonal initializer's QR is ~20x slower on cpu. wasm starts in ~50 ms in Node.
let tf: Awaited<ReturnType<typeof initTf>>;
beforeAll(async () => {
  tf = await initTf('wasm');
});

const BATCH = 256;
const TOLERANCE = 1e-4;

interface Parity {
  dims: readonly number[];
  type: string;
  maxAbsDiff: number;
}

/** Runs the same seeded inputs through tfjs and through ONNX Runtime on the exported bytes. */
async function parity(model: LayersModel, inputSeed: number): Promise<Parity> {
  const [, steps, features] = model.inputs[0]!.shape as [null, number, number];
  const history = uniformArray(new Random(inputSeed), BATCH * steps * features);
  const expected = tf.tidy(() => (model.predict(tf.tensor3d(history, [BATCH, steps, features])) as ReturnType<typeof tf.tensor>).dataSync());

  const session = await ort.InferenceSession.create(exportEngagementOnnx(model));
  try {
    const outputs = await session.run({ [ENGAGEMENT_ONNX_INPUT]: new ort.Tensor('float32', history, [BATCH, steps, features]) });
    const actual = outputs[ENGAGEMENT_ONNX_OUTPUT]!;
    const data = actual.data as Float32Array;
    let maxAbsDiff = 0;
    for (let i = 0; i < expected.length; i++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs((expected[i] as number) - (data[i] as number)));
    if (data.length !== expected.length) maxAbsDiff = Infinity;
    return { dims: actual.dims, type: actual.type, maxAbsDiff };
  } finally {
    await session.release();
  }
}

/** A few optimizer steps with dropout active and shuffle off, so every weight moves off its initial value. */
async function trainBriefly(model: LayersModel, seed: number, batches = 4, batchSize = 32): Promise<void> {
  const [, steps, features] = model.inputs[0]!.shape as [null, number, number];
  const rng = new Random(seed);
  const x = tf.tensor3d(uniformArray(rng, batches * batchSize * steps * features), [batches * batchSize, steps, features]);
  const y = tf.tensor2d(uniformArray(rng, batches * batchSize * ENGAGEMENT_OUTPUTS), [batches * batchSize, ENGAGEMENT_OUTPUTS]);
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanAbsoluteError' });
  await withSeededMathRandom(seed, () => model.fit(x, y, { batchSize, epochs: 1, shuffle: false, verbose: 0 }));
  tf.dispose([x, y]);
}

function lstmBiases(model: LayersModel): Float32Array[] {
  return model.layers
    .filter((l) => l.getClassName() === 'LSTM')
    .map((l) => {
      const bias = l.weights.find((w) => w.originalName.endsWith('/bias'))!;
      return bias.read().dataSync() as Float32Array;
    });
}

describe('engagement model ONNX export', () => {
  const models: LayersModel[] = [];
  const build = (options: EngagementArchitectureOptions): LayersModel => {
    const m = buildEngagementNetwork(options);
    models.push(m);
    return m;
  };
  afterAll(() => models.forEach((m) => m.dispose()));

  it('matches tfjs within 1e-4 on 256 inputs, at initialisation and after training (16 history posts, hidden 64, 2 LSTMs)', async () => {
    const model = build({ historyPosts: 16, hidden: 64, layers: 2, seed: 7 });
    expect(model.inputs[0]!.shape).toEqual([null, 17, ENGAGEMENT_FEATURE_COUNT]);

    const initial = await parity(model, 101);
    expect(initial.dims).toEqual([BATCH, ENGAGEMENT_OUTPUTS]);
    expect(initial.type).toBe('float32');
    expect(initial.maxAbsDiff).toBeLessThanOrEqual(TOLERANCE);

    const biasesBefore = lstmBiases(model).map((b) => b.slice());
    await trainBriefly(model, 3);
    lstmBiases(model).forEach((after, i) => {
      const moved = after.some((v, j) => v !== biasesBefore[i]![j]);
      expect(moved, `lstm_${i} bias still at its initial value`).toBe(true);
    });

    const trained = await parity(model, 102);
    expect(trained.dims).toEqual([BATCH, ENGAGEMENT_OUTPUTS]);
    expect(trained.type).toBe('float32');
    expect(trained.maxAbsDiff).toBeLessThanOrEqual(TOLERANCE);
    console.info(`full model max |tfjs - ort|: initial ${initial.maxAbsDiff.toExponential(2)}, trained ${trained.maxAbsDiff.toExponential(2)}`);
  });

  it.each([1, 3])('matches tfjs with %i LSTM layer(s) of 16 units, after training', async (layers) => {
    const model = build({ layers, hidden: 16, dense: 8, seed: 20 + layers });
    await trainBriefly(model, 30 + layers, 2);
    const result = await parity(model, 200 + layers);
    expect(result.dims).toEqual([BATCH, ENGAGEMENT_OUTPUTS]);
    expect(result.type).toBe('float32');
    expect(result.maxAbsDiff).toBeLessThanOrEqual(TOLERANCE);
    console.info(`${layers}-layer model max |tfjs - ort| after training: ${result.maxAbsDiff.toExponential(2)}`);
  });

  it('writes an opset-17 graph named for its input and output with a symbolic batch dimension', () => {
    const proto = parseModel(exportEngagementOnnx(build({ layers: 1, hidden: 4, dense: 4, seed: 1 }), { docString: 'test' }));
    expect(Number(proto.irVersion)).toBe(8);
    expect(proto.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', 17]]);
    expect(proto.producerName).toBe('telepulse');
    expect(proto.docString).toBe('test');
    const g = proto.graph!;
    expect(g.node?.map((n) => n.opType)).toEqual(['Transpose', 'LSTM', 'Squeeze', 'Gemm', 'Relu', 'Gemm']);
    const dims = (name: string, list: typeof g.input) =>
      list?.find((v) => v.name === name)?.type?.tensorType?.shape?.dim?.map((d) => d.dimParam || Number(d.dimValue));
    expect(dims(ENGAGEMENT_ONNX_INPUT, g.input)).toEqual(['batch', 33, ENGAGEMENT_FEATURE_COUNT]);
    expect(dims(ENGAGEMENT_ONNX_OUTPUT, g.output)).toEqual(['batch', ENGAGEMENT_OUTPUTS]);
  });

  it('rejects an LSTM with hardSigmoid gates, naming the layer and the setting', () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.lstm({ name: 'hard_lstm', units: 4, inputShape: [3, 2], recurrentActivation: 'hardSigmoid' }),
        tfl.layers.dense({ units: 1 }),
      ],
    });
    models.push(model);
    expect(() => exportEngagementOnnx(model)).toThrow(EngagementExportError);
    expect(() => exportEngagementOnnx(model)).toThrow(/hard_lstm: recurrentActivation is "hardSigmoid"/);
  });
});

describe('LSTM weight conversion', () => {
  // H = 1, two inputs: tfjs columns are gates i f c o; ONNX rows must be i o f c.
  it('reorders gate blocks i f c o into i o f c and transposes [I, 4H] to [4H, I]', () => {
    const kernel = Float32Array.from([
      /* input 0: i f c o */ 10, 20, 30, 40,
      /* input 1: i f c o */ 11, 21, 31, 41,
    ]);
    expect([...lstmMatrixToOnnx(kernel, 2, 1)]).toEqual([10, 11, 40, 41, 20, 21, 30, 31]);
  });

  it('puts the tfjs bias, reordered, in Wb and zeros in Rb', () => {
    expect([...lstmBiasToOnnx(Float32Array.from([1, 2, 3, 4]), 1)]).toEqual([1, 4, 2, 3, 0, 0, 0, 0]);
  });
});

describe('buildEngagementNetwork options', () => {
  it.each([
    [{ layers: 4 }, /layers must be an integer from 1 to 3, got 4/],
    [{ hidden: 0 }, /hidden must be a positive integer, got 0/],
    [{ dropout: 1 }, /dropout must be in \[0, 1\), got 1/],
    [{ seed: 1.5 }, /seed must be a safe integer, got 1.5/],
  ] as const)('rejects %o with EngagementArchitectureError', (options, message) => {
    expect(() => buildEngagementNetwork(options)).toThrow(EngagementArchitectureError);
    expect(() => buildEngagementNetwork(options)).toThrow(message);
  });
});
