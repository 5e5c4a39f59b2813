import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { Random } from '@telepulse/dataset';
import { CONTENT_CLS, CONTENT_PAD, CONTENT_TRUNCATED, CONTENT_VOCAB } from '../../src/content/tokenizer.js';
import { initTf } from '../../src/training/tf.js';
import {
  initViralWeights,
  mapWeights,
  readWeights,
  resolveViralArchitecture,
  viralForward,
  ViralArchitectureError,
  weightList,
  type ViralArchitectureOptions,
  type ViralWeights,
} from '../../src/content-viral/training/architecture.js';
import { exportViralOnnx, ViralExportError } from '../../src/content-viral/training/export-onnx.js';
import { VIRAL_ONNX_INPUT, VIRAL_ONNX_OUTPUT } from '../../src/content-viral/metadata.js';
import { parseModel, type onnx } from '../../src/onnx/builder.js';

let tf: Awaited<ReturnType<typeof initTf>>;
beforeAll(async () => {
  tf = await initTf('wasm');
});

const TOLERANCE = 1e-4;
const SMALL: ViralArchitectureOptions = { maxTokens: 24, dModel: 16, heads: 4, layers: 2, ffn: 32, dropout: 0 };

/**
 * Weights of the architecture with every value random (normal, sd 0.5; norms' gains around 1):
 * the initial weights have zero biases and unit gains, which would hide a bias or gain the
 * exporter dropped.
 */
function randomWeights(options: ViralArchitectureOptions, seed: number): ViralWeights<ReturnType<typeof tf.variable>> {
  const random = new Random(seed);
  return mapWeights(initViralWeights(options), (v, name) => {
    const values = Float32Array.from({ length: v.size }, () => (name.endsWith('Gamma') ? 1 : 0) + random.normal(0, 0.5));
    v.assign(tf.tensor(values, v.shape));
    return v;
  });
}

/** Rows of token ids: CLS, random bytes of a random length (some filling the row, some truncated), PAD after. */
function randomIds(rows: number, maxTokens: number, seed: number): Int32Array {
  const random = new Random(seed);
  const ids = new Int32Array(rows * maxTokens);
  for (let r = 0; r < rows; r++) {
    const length = r === 0 ? 1 : r === 1 ? maxTokens : random.int(1, maxTokens);
    ids[r * maxTokens] = CONTENT_CLS;
    for (let t = 1; t < length; t++) ids[r * maxTokens + t] = random.int(3, CONTENT_VOCAB - 1);
    if (r % 7 === 3) ids[r * maxTokens + maxTokens - 1] = CONTENT_TRUNCATED;
  }
  return ids;
}

async function onnxLogits(onnx: Uint8Array, ids: Int32Array, maxTokens: number): Promise<ort.Tensor> {
  const session = await ort.InferenceSession.create(onnx);
  try {
    const tokens = new ort.Tensor('float32', Float32Array.from(ids), [ids.length / maxTokens, maxTokens]);
    return (await session.run({ [VIRAL_ONNX_INPUT]: tokens }))[VIRAL_ONNX_OUTPUT]!;
  } finally {
    await session.release();
  }
}

function tfjsLogits(options: ViralArchitectureOptions, weights: ViralWeights<ReturnType<typeof tf.variable>>, ids: Int32Array, steps: number): Float32Array {
  const architecture = resolveViralArchitecture(options);
  return tf.tidy(() => viralForward(architecture, weights, tf.tensor2d(ids, [ids.length / steps, steps], 'int32')).dataSync() as Float32Array);
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let max = a.length === b.length ? 0 : Infinity;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
};

describe('content-viral encoder', () => {
  const made: ViralWeights<ReturnType<typeof tf.variable>>[] = [];
  const keep = <W extends ViralWeights<ReturnType<typeof tf.variable>>>(w: W) => (made.push(w), w);
  afterAll(() => made.forEach((w) => weightList(w).forEach((v) => v.dispose())));

  it.each(['mean', 'cls'] as const)('exports to ONNX that matches tfjs within 1e-4 on random tokens (%s pooling)', async (pooling) => {
    const options = { ...SMALL, pooling };
    const weights = keep(randomWeights(options, 11));
    const ids = randomIds(64, SMALL.maxTokens!, 5);
    const onnx = exportViralOnnx(resolveViralArchitecture(options), readWeights(weights));
    const actual = await onnxLogits(onnx, ids, SMALL.maxTokens!);
    expect(actual.type).toBe('float32');
    expect(actual.dims).toEqual([64, 1]);
    const expected = tfjsLogits(options, weights, ids, SMALL.maxTokens!);
    expect(new Set(expected).size).toBeGreaterThan(32);
    expect(maxAbsDiff(actual.data as Float32Array, expected)).toBeLessThanOrEqual(TOLERANCE);
  });

  it('declares its tensors as the io contract names them, with a symbolic batch axis', () => {
    const weights = keep(randomWeights(SMALL, 3));
    const graph = parseModel(exportViralOnnx(resolveViralArchitecture(SMALL), readWeights(weights))).graph!;
    const dims = (v: onnx.IValueInfoProto) => v.type!.tensorType!.shape!.dim!.map((d) => d.dimParam || Number(d.dimValue));
    expect(graph.input!.map((v) => [v.name, dims(v)])).toEqual([[VIRAL_ONNX_INPUT, ['batch', SMALL.maxTokens]]]);
    expect(graph.output!.map((v) => [v.name, dims(v)])).toEqual([[VIRAL_ONNX_OUTPUT, ['batch', 1]]]);
    expect(graph.node!.filter((n) => n.opType === 'LayerNormalization')).toHaveLength(2 * SMALL.layers! + 1);
  });

  it.each(['mean', 'cls'] as const)('ignores PAD: a row cut after its last token, or padded further, gets the same logit (%s pooling)', (pooling) => {
    const options = { ...SMALL, pooling };
    const weights = keep(randomWeights(options, 23));
    const full = SMALL.maxTokens!;
    const length = 9;
    const row = randomIds(3, full, 8).slice(2 * full, 3 * full);
    row.fill(CONTENT_PAD, length);
    const padded = tfjsLogits(options, weights, row, full)[0]!;
    for (const steps of [length, length + 1, 17]) {
      expect(tfjsLogits(options, weights, row.slice(0, steps), steps)[0]).toBeCloseTo(padded, 5);
    }
    // And the mask matters: the same bytes without PAD at the end (a non-PAD id there) score differently.
    const filled = row.slice();
    filled.fill(40, length);
    expect(Math.abs(tfjsLogits(options, weights, filled, full)[0]! - padded)).toBeGreaterThan(1e-3);
  });

  it('rejects weights of another shape, naming the weight', () => {
    const weights = keep(randomWeights(SMALL, 3));
    const values = readWeights(weights);
    const wider = resolveViralArchitecture({ ...SMALL, ffn: 48 });
    expect(() => exportViralOnnx(wider, values)).toThrow(ViralExportError);
    expect(() => exportViralOnnx(wider, values)).toThrow(/block0\.ffnKernel1 has shape \[16, 32\], the architecture needs \[16, 48\]/);
  });

  it('rejects options it cannot build, naming them', () => {
    expect(() => resolveViralArchitecture({ dModel: 30, heads: 4 })).toThrow(ViralArchitectureError);
    expect(() => resolveViralArchitecture({ dModel: 30, heads: 4 })).toThrow(/dModel \(30\) must be a multiple of heads \(4\)/);
    expect(() => resolveViralArchitecture({ dropout: 1 })).toThrow(/dropout must be in \[0, 1\), got 1/);
    expect(() => resolveViralArchitecture({ maxTokens: 1 })).toThrow(/maxTokens must be at least 2/);
  });
});
