import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { ExecutionProviderChoice } from './execution-provider.js';

export interface TensorData {
  data: Float32Array;
  dims: number[];
}

export interface SessionPoolOptions {
  modelBytes: Uint8Array;
  provider: ExecutionProviderChoice;
  /** Worker threads, each with its own session; default: one per core. */
  threads?: number;
}

/**
 * A pool of worker threads, each holding one ONNX Runtime session of the same model, so runs
 * happen off the main thread and up to `threads` batches run at once.
 */
export class SessionPool {
  readonly threads: number;
  private readonly pool: Piscina;

  constructor(options: SessionPoolOptions) {
    this.threads = options.threads ?? availableParallelism();
    if (!Number.isInteger(this.threads) || this.threads < 1) throw new RangeError(`threads must be a whole number >= 1, got ${options.threads}`);
    this.pool = new Piscina({
      filename: new URL('./inference-worker.mjs', import.meta.url).href,
      minThreads: this.threads,
      maxThreads: this.threads,
      idleTimeout: Number.POSITIVE_INFINITY,
      // Each worker's session runs single-threaded: the pool, not ONNX Runtime, spreads work over the cores.
      workerData: { modelBytes: options.modelBytes, executionProviders: [options.provider.id], intraOpNumThreads: 1 },
    });
  }

  /** Runs the model on one batch in a free worker. */
  run(feeds: Record<string, TensorData>): Promise<Record<string, TensorData>> {
    return this.pool.run({ feeds });
  }

  /** Number of runs waiting for a free worker. */
  get queued(): number {
    return this.pool.queueSize;
  }

  destroy(): Promise<void> {
    return this.pool.destroy();
  }
}
