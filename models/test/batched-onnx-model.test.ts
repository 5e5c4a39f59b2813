import ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Random } from '@telepulse/dataset';
import { pollUntil } from '../../test/support/poll.js';
import { readEngagementArtifact, type EngagementArtifact } from '../src/engagement/artifact.js';
import type { EngagementModelMetadata } from '../src/engagement/metadata.js';
import { attr, floatTensor, graph, model as onnxModel, node, serializeModel, tensorValueInfo, TensorDataType } from '../src/onnx/builder.js';
import { BatchedOnnxModel } from '../src/runtime/batched-onnx-model.js';
import { ModelContractError, ModelInputError, type ServedModelMetadata } from '../src/runtime/model-io.js';
import { uniformArray } from '../src/training/random.js';

/** The committed model's input: 33 steps of 20 columns, 2 outputs per example. */
const STEPS = 33 * 20;

/**
 * Two inputs, two outputs: `doubled` = a + a ([batch, 2]) and `looked_up` = [0.5, 1.5, 2.5, 3.5][index]
 * ([batch, 1]). An index outside 0..3 makes ONNX Runtime fail the run: a real inference failure.
 */
function twoByTwoModel(): { onnx: Uint8Array; metadata: ServedModelMetadata } {
  const g = graph({
    name: 'two_by_two',
    nodes: [
      node('Add', ['a', 'a'], ['doubled']),
      node('Cast', ['index'], ['index_i64'], { attributes: { to: attr.int(TensorDataType.INT64) } }),
      node('Gather', ['table', 'index_i64'], ['looked_up'], { attributes: { axis: attr.int(0) } }),
    ],
    initializers: [floatTensor('table', [4], [0.5, 1.5, 2.5, 3.5])],
    inputs: [tensorValueInfo('a', ['batch', 2]), tensorValueInfo('index', ['batch', 1])],
    outputs: [tensorValueInfo('doubled', ['batch', 2]), tensorValueInfo('looked_up', ['batch', 1])],
  });
  return {
    onnx: serializeModel(onnxModel(g)),
    metadata: {
      name: 'two-by-two',
      version: '0.0.1',
      io: {
        inputs: [
          { name: 'a', shape: ['batch', 2], dtype: 'float32' },
          { name: 'index', shape: ['batch', 1], dtype: 'float32' },
        ],
        outputs: [
          { name: 'doubled', shape: ['batch', 2], dtype: 'float32' },
          { name: 'looked_up', shape: ['batch', 1], dtype: 'float32' },
        ],
      },
    },
  };
}

describe('BatchedOnnxModel on the committed engagement artifact', () => {
  let artifact: EngagementArtifact;
  let model: BatchedOnnxModel<EngagementModelMetadata>;
  let direct: ort.InferenceSession;

  beforeAll(async () => {
    artifact = await readEngagementArtifact();
    model = await BatchedOnnxModel.load({ onnx: artifact.onnx, metadata: artifact.metadata, source: 'artifact', executionProvider: 'cpu', threads: 2 });
    direct = await ort.InferenceSession.create(artifact.onnx);
  });
  afterAll(async () => {
    await model?.dispose();
    await direct?.release();
  });

  it('runs concurrent examples as one batch, each answered with its own float32 [2], equal to a direct session', async () => {
    const batch = uniformArray(new Random(5), 5 * STEPS);
    const examples = Array.from({ length: 5 }, (_, i) => batch.slice(i * STEPS, (i + 1) * STEPS));
    const before = model.stats;
    const outputs = await Promise.all(examples.map((history) => model.run({ history })));
    expect(model.stats.batches - before.batches).toBe(1);
    expect(model.stats.requests - before.requests).toBe(5);
    expect(model.stats.largestBatch).toBeGreaterThanOrEqual(5);

    const expected = (await direct.run({ history: new ort.Tensor('float32', batch, [5, 33, 20]) })).engagement!.data as Float32Array;
    outputs.forEach((output, i) => {
      expect(Object.keys(output)).toEqual(['engagement']);
      expect(output.engagement).toBeInstanceOf(Float32Array);
      expect(output.engagement).toHaveLength(2);
      expect(output.engagement![0]).toBeCloseTo(expected[2 * i]!, 6);
      expect(output.engagement![1]).toBeCloseTo(expected[2 * i + 1]!, 6);
    });
  });

  it('rejects an example that does not fit the inputs, naming the input, the size and what came', async () => {
    await expect(model.run({ history: new Float32Array(10) })).rejects.toThrow(ModelInputError);
    await expect(model.run({ history: new Float32Array(10) })).rejects.toThrow('input history takes a Float32Array of 660 values ([33, 20]), got 10 values');
    await expect(model.run({})).rejects.toThrow('got nothing');
    await expect(model.run({ history: new Float32Array(STEPS), extra: new Float32Array(1) })).rejects.toThrow('the model has no input extra (inputs: history)');
  });

  it('reports UP with the details the gateway reads', async () => {
    expect(await model.probe()).toMatchObject({
      name: 'model:engagement',
      status: 'UP',
      details: { version: artifact.metadata.version, loaded: true, source: 'artifact', executionProvider: 'CPUExecutionProvider', workers: 2, threads: 2, queued: 0 },
    });
  });

  it('refuses at load metadata whose io disagrees with the bytes, naming both sides', async () => {
    const withInput = (input: object) => ({ ...artifact.metadata, io: { ...artifact.metadata.io, inputs: [{ ...artifact.metadata.io.inputs[0]!, ...input }] } });
    const load = (metadata: EngagementModelMetadata) => BatchedOnnxModel.load({ onnx: artifact.onnx, metadata, source: 'artifact', executionProvider: 'cpu', threads: 1 });
    await expect(load(withInput({ shape: ['batch', 16, 8] }))).rejects.toThrow(ModelContractError);
    await expect(load(withInput({ shape: ['batch', 16, 8] }))).rejects.toThrow('input history is float32 [batch, 16, 8] in the metadata, float32 [batch, 33, 20] in the ONNX graph');
    await expect(load(withInput({ name: 'posts' }))).rejects.toThrow('metadata io.inputs names [posts], the ONNX graph has [history]');
    await expect(load(withInput({ dtype: 'float16' }))).rejects.toThrow(/io\.inputs\.0\.dtype/);
  });
});

describe('BatchedOnnxModel with several named inputs and outputs', () => {
  const { onnx, metadata } = twoByTwoModel();
  let model: BatchedOnnxModel;

  beforeAll(async () => {
    model = await BatchedOnnxModel.load({ onnx, metadata, source: 'artifact', executionProvider: 'cpu', threads: 1, health: { recoveryDelayMs: 50 } });
  });
  afterAll(() => model?.dispose());

  it('batches examples across inputs and hands each its own slice of every output', async () => {
    const outputs = await Promise.all([
      model.run({ a: Float32Array.of(1, 2), index: Float32Array.of(3) }),
      model.run({ a: Float32Array.of(-1, 0.5), index: Float32Array.of(0) }),
      model.run({ a: Float32Array.of(10, 20), index: Float32Array.of(2) }),
    ]);
    expect(outputs).toEqual([
      { doubled: Float32Array.of(2, 4), looked_up: Float32Array.of(3.5) },
      { doubled: Float32Array.of(-2, 1), looked_up: Float32Array.of(0.5) },
      { doubled: Float32Array.of(20, 40), looked_up: Float32Array.of(2.5) },
    ]);
  });

  it('goes DOWN when an inference fails, and back UP once a canary succeeds, with no restart', async () => {
    await expect(model.run({ a: Float32Array.of(0, 0), index: Float32Array.of(10) })).rejects.toThrow(/out of bounds|indices/i);
    const down = await model.probe();
    expect(down).toMatchObject({ name: 'model:two-by-two', status: 'DOWN' });
    expect(down.error).toMatch(/^inference failed: /);
    const up = await pollUntil(() => model.probe(), (check) => check.status === 'UP');
    expect(up.error).toBeUndefined();
    expect(await model.run({ a: Float32Array.of(1, 1), index: Float32Array.of(1) })).toEqual({ doubled: Float32Array.of(2, 2), looked_up: Float32Array.of(1.5) });
  });

  it('counts from the first prediction on (not the warm-up): rows, runs, failed runs, and the latency of the ones that answered', async () => {
    const fresh = await BatchedOnnxModel.load({ onnx, metadata, source: 'artifact', executionProvider: 'cpu', threads: 1, health: { recentMs: 0 } });
    try {
      const loaded = fresh.servingStats();
      expect(loaded).toMatchObject({ model: 'two-by-two', version: '0.0.1', items: 0, runs: 0, failures: 0, latencyP50Ms: null, meanBatchSize: null });
      await Promise.all([0, 1, 2].map((i) => fresh.run({ a: Float32Array.of(i, i), index: Float32Array.of(i) })));
      await expect(fresh.run({ a: Float32Array.of(0, 0), index: Float32Array.of(10) })).rejects.toThrow(/out of bounds|indices/i);
      // A probe's canary runs outside the batcher: no prediction, not counted.
      await fresh.probe();
      const after = fresh.servingStats();
      expect(after).toMatchObject({ items: 3, runs: 2, failures: 1, meanBatchSize: 3, since: loaded.since });
      expect(after.latencyP50Ms).toBeGreaterThan(0);
      expect(after.latencyP99Ms).toBe(after.latencyP50Ms);
    } finally {
      await fresh.dispose();
    }
  });

  it('runs a canary through the pool when no inference succeeded recently', async () => {
    const stale = await BatchedOnnxModel.load({ onnx, metadata, source: 'artifact', executionProvider: 'cpu', threads: 1, health: { recentMs: 0 } });
    try {
      const first = await stale.probe();
      const second = await stale.probe();
      expect([first.status, second.status]).toEqual(['UP', 'UP']);
      expect(Number(second.details!.canaries)).toBe(Number(first.details!.canaries) + 1);
    } finally {
      await stale.dispose();
    }
  });

  it('answers DOWN and refuses work once disposed', async () => {
    const short = await BatchedOnnxModel.load({ onnx, metadata, source: 'artifact', executionProvider: 'cpu', threads: 1 });
    await short.dispose();
    expect(await short.probe()).toMatchObject({ status: 'DOWN', error: 'the model was disposed', details: { loaded: false } });
    await expect(short.run({ a: Float32Array.of(0, 0), index: Float32Array.of(0) })).rejects.toThrow('model two-by-two@0.0.1 is disposed');
  });
});

describe('a killed inference worker', () => {
  const { onnx, metadata } = twoByTwoModel();
  const example = { a: Float32Array.of(1, 2), index: Float32Array.of(1) };
  const answer = { doubled: Float32Array.of(2, 4), looked_up: Float32Array.of(1.5) };

  /** A two-worker model for one test, disposed after it. */
  async function withModel(recoveryDelayMs: number, test: (model: BatchedOnnxModel) => Promise<void>): Promise<void> {
    const model = await BatchedOnnxModel.load({ onnx, metadata, source: 'artifact', executionProvider: 'cpu', threads: 2, health: { recoveryDelayMs } });
    try {
      await test(model);
    } finally {
      await model.dispose();
    }
  }

  /** Waits for UP, then checks both workers are there and answering. */
  async function expectBackUp(model: BatchedOnnxModel): Promise<void> {
    const up = await pollUntil(() => model.probe(), (check) => check.status === 'UP');
    expect(up.details).toMatchObject({ workers: 2, threads: 2 });
    expect(await model.run(example)).toEqual(answer);
  }

  it('turns the model DOWN at once, and it comes back UP once the replacement answered a canary, with no restart', () =>
    withModel(100, async (model) => {
      expect((await model.probe()).status).toBe('UP');
      const victim = model.workers[0]!;
      await victim.terminate();
      // The loss is recorded while the worker's exit is handled, before terminate() resolves.
      const down = await model.probe();
      expect(down.status).toBe('DOWN');
      expect(down.error).toMatch(/^an inference worker stopped/);
      await expectBackUp(model);
      expect(model.workers).not.toContain(victim);
    }));

  it('comes back even when the replacement dies while starting (piscina gives up on it; the pool is restarted)', () =>
    withModel(100, async (model) => {
      const original = new Set(model.workers);
      await model.workers[0]!.terminate();
      const replacement = model.workers.find((w) => !original.has(w));
      expect(replacement, 'piscina starts a replacement at once').toBeDefined();
      await replacement!.terminate();
      expect((await model.probe()).status).toBe('DOWN');
      await expectBackUp(model);
    }));

  it('keeps it DOWN through the recovery delay even while the surviving worker answers', () =>
    withModel(60_000, async (model) => {
      await model.workers[0]!.terminate();
      expect(await model.run(example)).toEqual(answer);
      expect((await model.probe()).status).toBe('DOWN');
    }));
});
