import type { Worker } from 'node:worker_threads';
import type { HealthCheck } from '@telepulse/platform/health';
import type { ModelRegistry } from '../registry/model-registry.js';
import { resolveModel, type ModelSource } from '../registry/resolve-model.js';
import { DynamicBatcher, type BatcherOptions } from './dynamic-batcher.js';
import { selectExecutionProvider, type ExecutionProviderChoice, type ExecutionProviderPreference } from './execution-provider.js';
import { InferenceHealth, type InferenceHealthOptions } from './inference-health.js';
import {
  checkIoAgainstSession,
  exampleDims,
  exampleSize,
  ModelContractError,
  ModelInputError,
  parseModelIo,
  type ExampleTensors,
  type ModelIo,
  type ServedModelMetadata,
} from './model-io.js';
import { publishModelRun } from '@telepulse/platform/model-runs';
import { ServingStats, type ServingStatsSnapshot } from './serving-stats.js';
import { SessionPool, type TensorData } from './session-pool.js';

export const DEFAULT_BATCHING: BatcherOptions = { maxBatchSize: 64, maxQueueDelayMs: 0 };

/** How a model is served; every field has a default. */
export interface ServeOptions {
  /** auto: CUDA when a CUDA session can be created, else CPU. */
  executionProvider?: ExecutionProviderPreference;
  /** Inference worker threads (see inferenceThreads); default: all cores for this one model. */
  threads?: number;
  batching?: Partial<BatcherOptions>;
  health?: Partial<InferenceHealthOptions>;
}

export interface BatchedOnnxModelOptions<M> extends ServeOptions {
  onnx: Uint8Array;
  metadata: M;
  /** Where the bytes came from, for health and the API. */
  source: ModelSource;
}

export interface ActiveModelOptions<M> extends ServeOptions {
  registry: ModelRegistry;
  name: string;
  /** The committed artifact: seeds an empty registry, serves when MongoDB is unreachable. */
  readArtifact: () => Promise<{ onnx: Uint8Array; metadata: M }>;
  /** Brings metadata stored in an older layout to the current one. */
  upgradeMetadata?: (raw: unknown) => M;
}

export interface BatchedModelStats {
  /** ONNX runs the batcher made, and the requests they carried. */
  batches: number;
  requests: number;
  largestBatch: number;
  /** Runs waiting for a free worker. */
  queued: number;
}

/**
 * Any ONNX model described by an `io` contract in its metadata, served from a pool of worker
 * threads (one session each) behind one dynamic batcher. Callers submit single examples (named
 * Float32Arrays without the batch axis) and get their own outputs back; concurrent examples go
 * through in one run. Carries a real health probe (see InferenceHealth). Create with `load`.
 */
export class BatchedOnnxModel<M extends ServedModelMetadata = ServedModelMetadata> {
  private disposed = false;

  private constructor(
    readonly metadata: M,
    readonly io: ModelIo,
    readonly source: ModelSource,
    readonly provider: ExecutionProviderChoice,
    private readonly pool: SessionPool,
    private readonly batcher: DynamicBatcher<ExampleTensors, ExampleTensors>,
    private readonly health: InferenceHealth,
    private readonly serving: ServingStats,
  ) {}

  /**
   * Picks the execution provider, starts the worker sessions, checks the metadata's io against
   * the loaded graph and runs one example through, so a model whose bytes and metadata disagree
   * fails here, not at the first request. Throws ModelContractError naming the mismatch.
   */
  static async load<M extends ServedModelMetadata>(options: BatchedOnnxModelOptions<M>): Promise<BatchedOnnxModel<M>> {
    const { metadata } = options;
    const io = parseModelIo(metadata.io, `${metadata.name}@${metadata.version}`);
    const batching = { ...DEFAULT_BATCHING, ...options.batching };
    const provider = await selectExecutionProvider(options.onnx, options.executionProvider ?? 'auto');
    let health: InferenceHealth | undefined;
    const pool = new SessionPool(
      { modelBytes: options.onnx, provider, ...(options.threads !== undefined ? { threads: options.threads } : {}) },
      { onWorkerLost: (reason) => health?.failed(reason), onError: (error) => health?.failed(`inference worker error: ${error.message}`) },
    );
    try {
      checkIoAgainstSession(`${metadata.name}@${metadata.version}`, io, await pool.describe());
      // The warm-up run checks bytes against metadata; it goes straight to the pool so the serving counters start at the first prediction.
      await runDirect(io, pool, 1);
      const serving = new ServingStats({ model: metadata.name, version: metadata.version });
      const batcher = new DynamicBatcher<ExampleTensors, ExampleTensors>(
        async (examples) => {
          try {
            const outputs = splitOutputs(io, await pool.run(batchInputs(io, examples)), examples.length);
            health?.succeeded();
            return outputs;
          } catch (error) {
            health?.failed(`inference failed: ${(error as Error).message}`);
            throw error;
          }
        },
        batching,
        {
          // The model's own counters (its `…Serving` field), then the process's feed, which the serving subgraph's metrics read.
          runEnded: (size, latencyMs, failed, queueMs) => {
            serving.runEnded(size, latencyMs, failed);
            publishModelRun(metadata.name, size, queueMs, latencyMs - queueMs, failed);
          },
        },
      );
      health = new InferenceHealth(
        {
          get size() {
            return pool.size;
          },
          get workersReady() {
            return pool.workersReady;
          },
          heal: () => pool.heal(),
          // One single-example run per worker: the least-busy balancer hands one to each idle worker, a replacement included.
          canary: () => runDirect(io, pool, pool.size),
        },
        options.health,
      );
      health.succeeded();
      return new BatchedOnnxModel(metadata, io, options.source, provider, pool, batcher, health, serving);
    } catch (error) {
      health?.stop();
      await pool.destroy();
      throw error;
    }
  }

  /**
   * Serves the registry's active version of `name` (seeding an empty registry from the
   * artifact; the artifact alone when MongoDB is unreachable; see resolveModel).
   */
  static async loadActive<M extends ServedModelMetadata>(options: ActiveModelOptions<M>): Promise<BatchedOnnxModel<M>> {
    const { registry, name, readArtifact, upgradeMetadata, ...serve } = options;
    const resolved = await resolveModel<M>(registry, name, readArtifact);
    const metadata = upgradeMetadata ? upgradeMetadata(resolved.metadata) : resolved.metadata;
    return BatchedOnnxModel.load({ ...serve, onnx: resolved.onnx, metadata, source: resolved.source });
  }

  get name(): string {
    return this.metadata.name;
  }

  get version(): string {
    return this.metadata.version;
  }

  /** Runs one example, batched with concurrent calls; resolves with this example's outputs by name. */
  run(example: ExampleTensors): Promise<ExampleTensors> {
    if (this.disposed) return Promise.reject(new Error(`model ${this.name}@${this.version} is disposed`));
    try {
      checkExample(this.io, example);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.batcher.submit(example);
  }

  get stats(): BatchedModelStats {
    return { ...this.batcher.stats, queued: this.pool.queued };
  }

  /** The serving path's counters since this model was loaded (see ServingStats). */
  servingStats(): ServingStatsSnapshot {
    return this.serving.snapshot();
  }

  /** The worker threads right now (operators and tests; see SessionPool.workers). */
  get workers(): readonly Worker[] {
    return this.pool.workers;
  }

  /** The platform health check `model:<name>`; see InferenceHealth for when it is DOWN. */
  readonly probe = async (): Promise<HealthCheck> => {
    const { status, error, lastSuccessAt, canaries } = await this.health.check();
    const { batches, requests, largestBatch, queued } = this.stats;
    return {
      name: `model:${this.name}`,
      status,
      details: {
        version: this.version,
        loaded: !this.disposed,
        source: this.source,
        executionProvider: this.provider.name,
        executionProviderReason: this.provider.reason,
        workers: this.pool.workersReady,
        threads: this.pool.size,
        batches,
        requests,
        largestBatch,
        queued,
        lastSuccessAt: lastSuccessAt?.toISOString() ?? null,
        canaries,
      },
      ...(error ? { error } : {}),
    };
  };

  /** Stops the workers; the model answers no more and its probe reads DOWN. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.health.stop();
    await this.pool.destroy();
  }
}

function checkExample(io: ModelIo, example: ExampleTensors): void {
  for (const spec of io.inputs) {
    const values = example[spec.name];
    if (!(values instanceof Float32Array) || values.length !== exampleSize(spec)) {
      const got = values instanceof Float32Array ? `${values.length} values` : values === undefined ? 'nothing' : typeof values;
      throw new ModelInputError(`input ${spec.name} takes a Float32Array of ${exampleSize(spec)} values ([${exampleDims(spec).join(', ')}]), got ${got}`);
    }
  }
  const unknown = Object.keys(example).filter((name) => !io.inputs.some((spec) => spec.name === name));
  if (unknown.length > 0) throw new ModelInputError(`the model has no input ${unknown.join(', ')} (inputs: ${io.inputs.map((s) => s.name).join(', ')})`);
}

function batchInputs(io: ModelIo, examples: readonly ExampleTensors[]): Record<string, TensorData> {
  const feeds: Record<string, TensorData> = {};
  for (const spec of io.inputs) {
    const size = exampleSize(spec);
    const data = new Float32Array(examples.length * size);
    examples.forEach((example, i) => data.set(example[spec.name]!, i * size));
    feeds[spec.name] = { data, dims: [examples.length, ...exampleDims(spec)] };
  }
  return feeds;
}

function splitOutputs(io: ModelIo, outputs: Record<string, TensorData>, count: number): ExampleTensors[] {
  const perExample: ExampleTensors[] = Array.from({ length: count }, () => ({}));
  for (const spec of io.outputs) {
    const output = outputs[spec.name];
    const expected = [count, ...exampleDims(spec)];
    if (!output || output.dims.length !== expected.length || output.dims.some((d, i) => d !== expected[i])) {
      throw new ModelContractError(`output ${spec.name} came back as [${output?.dims.join(', ') ?? 'nothing'}], expected [${expected.join(', ')}]`);
    }
    const size = exampleSize(spec);
    perExample.forEach((example, i) => (example[spec.name] = output.data.slice(i * size, (i + 1) * size)));
  }
  return perExample;
}

/** `runs` single zero-example runs on the pool, outside the batcher (warm-up and canaries); rejects when any fails. */
async function runDirect(io: ModelIo, pool: SessionPool, runs: number): Promise<void> {
  await Promise.all(Array.from({ length: runs }, async () => splitOutputs(io, await pool.run(batchInputs(io, [zeroExample(io)])), 1)));
}

function zeroExample(io: ModelIo): ExampleTensors {
  return Object.fromEntries(io.inputs.map((spec) => [spec.name, new Float32Array(exampleSize(spec))]));
}
