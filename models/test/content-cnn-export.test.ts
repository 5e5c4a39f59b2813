import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { Random } from '@telepulse/dataset';
import { tokenizeContent } from '../src/content/tokenizer.js';
import { buildContentCnnNetwork, ContentCnnArchitectureError, withEmbedding, type ContentCnnArchitectureOptions } from '../src/content-cnn/training/architecture.js';
import { convKernelToOnnx, exportContentCnnOnnx } from '../src/content-cnn/training/export-onnx.js';
import { CONTENT_CNN_ONNX_EMBEDDING, CONTENT_CNN_ONNX_INPUT, CONTENT_CNN_ONNX_OUTPUT } from '../src/content-cnn/metadata.js';
import { parseModel, type onnx } from '../src/onnx/builder.js';
import { initTf, withSeededMathRandom } from '../src/training/tf.js';

let tf: Awaited<ReturnType<typeof initTf>>;
beforeAll(async () => {
  tf = await initTf('wasm');
});

const TOLERANCE = 1e-4;
/** Small enough to build, train and export in a second; the full graph all the same. */
const SMALL: ContentCnnArchitectureOptions = { maxTokens: 96, embedding: 8, kernels: [3, 5], filters: 6, dense: 8, meanPool: true, seed: 3 };

const TEXTS = ['Exclusive: the new phone ships today 📱', 'Привет! Как дела? #новости', 'ok', 'https://example.com/a?b=c — read more', ''];

/** Token ids of `count` random texts' worth of rows: random bytes of random lengths, then PAD. */
function randomIds(random: Random, count: number, steps: number): Float32Array {
  const ids = new Float32Array(count * steps);
  for (let r = 0; r < count; r++) {
    const length = 1 + Math.floor(random.uniform(0, steps));
    ids[r * steps] = 1;
    for (let t = 1; t < length; t++) ids[r * steps + t] = 3 + Math.floor(random.uniform(0, 256));
  }
  return ids;
}

function idsOf(texts: readonly string[], maxTokens: number): Float32Array {
  const ids = new Float32Array(texts.length * maxTokens);
  texts.forEach((text, i) => ids.set(tokenizeContent(text, maxTokens).ids, i * maxTokens));
  return ids;
}

/** Both outputs of the network through tfjs, on ids [count, steps]. */
function tfjsOutputs(model: LayersModel, ids: Float32Array, steps: number): { relative: Float32Array; embedding: Float32Array } {
  const both = withEmbedding(model);
  return tf.tidy(() => {
    const [relative, embedding] = both.predict(tf.tensor2d(ids, [ids.length / steps, steps])) as ReturnType<typeof tf.tensor>[];
    return { relative: relative!.dataSync() as Float32Array, embedding: embedding!.dataSync() as Float32Array };
  });
}

async function onnxOutputs(bytes: Uint8Array, ids: Float32Array, steps: number): Promise<{ relative: ort.Tensor; embedding: ort.Tensor }> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const out = await session.run({ [CONTENT_CNN_ONNX_INPUT]: new ort.Tensor('float32', ids, [ids.length / steps, steps]) });
    return { relative: out[CONTENT_CNN_ONNX_OUTPUT]!, embedding: out[CONTENT_CNN_ONNX_EMBEDDING]! };
  } finally {
    await session.release();
  }
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
};

/** A few optimizer steps on random targets, so every weight moves off its initial value. */
async function trainBriefly(model: LayersModel, seed: number, steps: number): Promise<void> {
  const random = new Random(seed);
  model.compile({ optimizer: tf.train.adam(0.02), loss: 'meanSquaredError' });
  await withSeededMathRandom(seed, async () => {
    for (let i = 0; i < 4; i++) {
      const x = tf.tensor2d(randomIds(random, 32, steps), [32, steps]);
      const y = tf.randomNormal([32, 1], 0, 1, 'float32', seed + i);
      await model.trainOnBatch(x, y);
      tf.dispose([x, y]);
    }
  });
}

describe('content CNN architecture', () => {
  const models: LayersModel[] = [];
  const build = (options: ContentCnnArchitectureOptions) => {
    const m = buildContentCnnNetwork(options);
    models.push(m);
    return m;
  };
  afterAll(() => models.forEach((m) => m.dispose()));

  it('takes ids of any length and gives one relative engagement per row, and an embedding of filters × widths', () => {
    const model = build({ seed: 1 });
    expect(model.inputs[0]!.shape).toEqual([null, null]);
    expect(model.outputs[0]!.shape).toEqual([null, 1]);
    const both = withEmbedding(model);
    expect(both.outputs.map((o) => o.shape)).toEqual([
      [null, 1],
      [null, 96],
    ]);
    for (const steps of [7, 1024]) {
      const { relative, embedding } = tfjsOutputs(model, randomIds(new Random(steps), 3, steps), steps);
      expect(relative).toHaveLength(3);
      expect(embedding).toHaveLength(3 * 96);
      expect(Math.min(...embedding)).toBeGreaterThanOrEqual(0);
    }
  });

  it('ignores PAD: texts alone at their own length and padded to 56 give the same outputs, even with biases that PAD positions would win', async () => {
    const model = build({ ...SMALL, seed: 5 });
    await trainBriefly(model, 6, 40);
    // Every filter's bias +2: at a PAD position the convolution is exactly its bias, which an unmasked pool would take for most short texts.
    for (const k of [3, 5]) {
      const conv = model.getLayer(`conv_k${k}`);
      const [kernel, bias] = conv.getWeights();
      conv.setWeights([kernel!, tf.add(bias!, 2)]);
    }
    const texts = ['ok', 'a?', 'Привет'];
    // Each text alone at exactly its own length (CLS and its bytes, no PAD), then all of them padded to 56.
    const alone = texts.map((text) => {
      const steps = new TextEncoder().encode(text).length + 1;
      return tfjsOutputs(model, idsOf([text], steps), steps);
    });
    const a = { relative: alone.flatMap((o) => [...o.relative]), embedding: alone.flatMap((o) => [...o.embedding]) };
    const b = tfjsOutputs(model, idsOf(texts, 56), 56);
    expect(maxAbsDiff(a.embedding, b.embedding)).toBeLessThanOrEqual(1e-6);
    expect(maxAbsDiff(a.relative, b.relative)).toBeLessThanOrEqual(1e-6);
    // And the graph, at its fixed 96 tokens, agrees with tfjs on each text alone.
    const onnx = await onnxOutputs(exportContentCnnOnnx(model), idsOf(texts, 96), 96);
    expect(maxAbsDiff(onnx.embedding.data as Float32Array, a.embedding)).toBeLessThanOrEqual(TOLERANCE);
    expect(maxAbsDiff(onnx.relative.data as Float32Array, a.relative)).toBeLessThanOrEqual(TOLERANCE);
  });

  it('a PAD row of the embedding table, however large, changes nothing', () => {
    const model = build({ ...SMALL, seed: 7 });
    const ids = idsOf(TEXTS, 96);
    const before = tfjsOutputs(model, ids, 96);
    const table = model.getLayer('byte_embedding');
    const [weights] = table.getWeights();
    const padRow = tf.concat([tf.fill([1, 8], 50), tf.slice(weights!, [1, 0], [-1, -1])], 0);
    table.setWeights([padRow]);
    const after = tfjsOutputs(model, ids, 96);
    expect(maxAbsDiff(before.embedding, after.embedding)).toBe(0);
    expect(maxAbsDiff(before.relative, after.relative)).toBe(0);
  });

  it.each([
    [{ embedding: 0 }, /embedding must be a positive integer, got 0/],
    [{ kernels: [3, 4] }, /kernels must be one or more odd positive integers, got \[3,4\]/],
    [{ kernels: [] }, /kernels must be one or more odd positive integers, got \[\]/],
    [{ kernels: [3, 3] }, /kernels must differ from each other/],
    [{ maxTokens: 1 }, /maxTokens must be at least 2/],
    [{ dropout: 1 }, /dropout must be in \[0, 1\), got 1/],
    [{ meanPool: 'yes' }, /meanPool must be true or false, got yes/],
    [{ seed: 0.5 }, /seed must be a safe integer, got 0.5/],
  ] as const)('rejects %o with ContentCnnArchitectureError', (options, message) => {
    expect(() => buildContentCnnNetwork(options as ContentCnnArchitectureOptions)).toThrow(ContentCnnArchitectureError);
    expect(() => buildContentCnnNetwork(options as ContentCnnArchitectureOptions)).toThrow(message);
  });
});

describe('content CNN ONNX export', () => {
  const models: LayersModel[] = [];
  afterAll(() => models.forEach((m) => m.dispose()));

  it('matches tfjs within 1e-4 on both outputs, on random ids and on real texts, at initialisation and after training', async () => {
    const model = buildContentCnnNetwork({ ...SMALL, seed: 11 });
    models.push(model);
    const check = async (ids: Float32Array) => {
      const expected = tfjsOutputs(model, ids, 96);
      const actual = await onnxOutputs(exportContentCnnOnnx(model), ids, 96);
      expect(actual.relative.dims).toEqual([ids.length / 96, 1]);
      expect(actual.embedding.dims).toEqual([ids.length / 96, 12]);
      expect(actual.relative.type).toBe('float32');
      return Math.max(maxAbsDiff(actual.relative.data as Float32Array, expected.relative), maxAbsDiff(actual.embedding.data as Float32Array, expected.embedding));
    };
    const random = randomIds(new Random(12), 256, 96);
    const real = idsOf(TEXTS, 96);
    expect(await check(random)).toBeLessThanOrEqual(TOLERANCE);
    const bias = () => model.getLayer('conv_k5').getWeights()[1]!.dataSync().slice();
    const before = bias();
    await trainBriefly(model, 13, 96);
    expect(bias().some((v, i) => v !== before[i]), 'the conv bias did not move').toBe(true);
    expect(await check(random)).toBeLessThanOrEqual(TOLERANCE);
    expect(await check(real)).toBeLessThanOrEqual(TOLERANCE);
  });

  it('matches tfjs without the mean pools too (the default)', async () => {
    const model = buildContentCnnNetwork({ ...SMALL, meanPool: false, seed: 21 });
    models.push(model);
    await trainBriefly(model, 22, 64);
    const ids = idsOf(TEXTS, 96);
    const expected = tfjsOutputs(model, ids, 96);
    const actual = await onnxOutputs(exportContentCnnOnnx(model), ids, 96);
    expect(maxAbsDiff(actual.relative.data as Float32Array, expected.relative)).toBeLessThanOrEqual(TOLERANCE);
    expect(maxAbsDiff(actual.embedding.data as Float32Array, expected.embedding)).toBeLessThanOrEqual(TOLERANCE);
    expect(model.layers.some((l) => l.name.startsWith('mean_k'))).toBe(false);
  });

  it('writes an opset-17 graph of Gather, Conv, ReduceMax, Concat and Gemm with a symbolic batch and both outputs', () => {
    const model = buildContentCnnNetwork({ ...SMALL, seed: 1 });
    models.push(model);
    const proto = parseModel(exportContentCnnOnnx(model, { docString: 'test' }));
    expect(Number(proto.irVersion)).toBe(8);
    expect(proto.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', 17]]);
    expect(proto.docString).toBe('test');
    const ops = proto.graph!.node!.map((n) => n.opType);
    for (const op of ['Cast', 'Gather', 'Conv', 'Relu', 'ReduceMax', 'Concat', 'ReduceSum', 'Log', 'Gemm']) expect(ops).toContain(op);
    expect(ops.filter((op) => op === 'Conv')).toHaveLength(2);
    const dims = (name: string, list: readonly onnx.IValueInfoProto[] | null | undefined) => list?.find((v) => v.name === name)?.type?.tensorType?.shape?.dim?.map((d) => d.dimParam || Number(d.dimValue));
    expect(dims(CONTENT_CNN_ONNX_INPUT, proto.graph!.input)).toEqual(['batch', 96]);
    expect(dims(CONTENT_CNN_ONNX_OUTPUT, proto.graph!.output)).toEqual(['batch', 1]);
    expect(dims(CONTENT_CNN_ONNX_EMBEDDING, proto.graph!.output)).toEqual(['batch', 12]);
  });
});

describe('conv kernel conversion', () => {
  it('reorders tfjs [k, in, out] to ONNX [out, in, k]', () => {
    // k = 2, in = 1, out = 2: tfjs [[[a0, b0]], [[a1, b1]]] → ONNX [[[a0, a1]], [[b0, b1]]].
    expect([...convKernelToOnnx(Float32Array.from([10, 20, 11, 21]), 2, 1, 2)]).toEqual([10, 11, 20, 21]);
  });
});
