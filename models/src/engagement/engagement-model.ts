import { DynamicBatcher, type BatcherOptions } from '../runtime/dynamic-batcher.js';
import { selectExecutionProvider, type ExecutionProviderChoice, type ExecutionProviderPreference } from '../runtime/execution-provider.js';
import { SessionPool } from '../runtime/session-pool.js';
import { confidence, type ConfidenceInputs } from './confidence.js';
import type { EngagementModelMetadata } from './metadata.js';

export interface EngagementModelOptions {
  onnx: Uint8Array;
  metadata: EngagementModelMetadata;
  executionProvider?: ExecutionProviderPreference;
  /** Inference worker threads; default one per core. */
  threads?: number;
  batching?: Partial<BatcherOptions>;
}

export const DEFAULT_BATCHING: BatcherOptions = { maxBatchSize: 64, maxQueueDelayMs: 0 };

/**
 * The engagement LSTM in service: an ONNX session per worker thread behind one dynamic batcher.
 * Stages: the caller pre-processes (features.ts builds the input), `predict` runs it batched with
 * other callers' inputs, `confidence` post-processes with the calibrated confidence model.
 */
export class EngagementModel {
  private constructor(
    readonly metadata: EngagementModelMetadata,
    readonly provider: ExecutionProviderChoice,
    private readonly pool: SessionPool,
    private readonly batcher: DynamicBatcher<Float32Array, number>,
  ) {}

  /** Picks the execution provider, starts the worker sessions and checks the model's input contract. */
  static async load(options: EngagementModelOptions): Promise<EngagementModel> {
    const { metadata } = options;
    const [, steps, features] = metadata.input.shape;
    const batching = { ...DEFAULT_BATCHING, ...options.batching };
    const provider = await selectExecutionProvider(options.onnx, options.executionProvider ?? 'auto');
    const pool = new SessionPool({ modelBytes: options.onnx, provider, ...(options.threads ? { threads: options.threads } : {}) });
    const stepSize = steps * features;
    const batcher = new DynamicBatcher<Float32Array, number>(async (inputs) => {
      const data = new Float32Array(inputs.length * stepSize);
      inputs.forEach((input, i) => data.set(input, i * stepSize));
      const outputs = await pool.run({ [metadata.input.name]: { data, dims: [inputs.length, steps, features] } });
      const output = outputs[metadata.output.name];
      if (!output || output.data.length !== inputs.length) {
        throw new Error(`model output ${metadata.output.name} has ${output?.data.length ?? 0} values for ${inputs.length} inputs`);
      }
      return Array.from(output.data);
    }, batching);
    const model = new EngagementModel(metadata, provider, pool, batcher);
    // Fail at load, not at the first request, when the bytes and the metadata disagree.
    await model.predict(new Float32Array(stepSize));
    return model;
  }

  get name(): string {
    return this.metadata.name;
  }

  get version(): string {
    return this.metadata.version;
  }

  get window(): number {
    return this.metadata.input.window;
  }

  get batchingStats() {
    return this.batcher.stats;
  }

  /** The engagement rate for one input of shape [window + 1, 8] (see features.ts); batched with concurrent calls. */
  predict(input: Float32Array): Promise<number> {
    const expected = this.metadata.input.shape[1] * this.metadata.input.shape[2];
    if (input.length !== expected) {
      return Promise.reject(new RangeError(`engagement input must have ${expected} values ([${this.metadata.input.shape.slice(1).join(', ')}]), got ${input.length}`));
    }
    return this.batcher.submit(input);
  }

  /** Calibrated chance that the observed rate lands within tolerance of `prediction`. */
  confidence(inputs: Omit<ConfidenceInputs, 'window'>): number {
    return confidence(this.metadata.confidence, { ...inputs, window: this.window });
  }

  dispose(): Promise<void> {
    return this.pool.destroy();
  }
}
