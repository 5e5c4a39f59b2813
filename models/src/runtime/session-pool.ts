import type { Worker } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { ExecutionProviderChoice } from './execution-provider.js';
import { inferenceThreads } from './inference-threads.js';
import type { SessionTensor } from './model-io.js';

export interface TensorData {
  data: Float32Array;
  dims: number[];
}

export interface SessionPoolOptions {
  modelBytes: Uint8Array;
  provider: ExecutionProviderChoice;
  /** Worker threads, each with its own session; default: all cores for this one model (see inferenceThreads). */
  threads?: number;
}

export interface SessionPoolEvents {
  /** A worker stopped while the pool was in use: it crashed, was terminated, or its session failed to load. */
  onWorkerLost?: (reason: string) => void;
  /** An error no task can be blamed for (piscina's 'error' event, which would otherwise end the process). */
  onError?: (error: Error) => void;
}

/**
 * A pool of worker threads, each holding one ONNX Runtime session of the same model, so runs
 * happen off the main thread and up to `size` batches run at once. Piscina replaces a worker
 * that stops; it gives up on replacements that fail while starting, and `heal` then starts a
 * fresh pool.
 */
export class SessionPool {
  readonly size: number;
  private piscina: Piscina;
  /** Workers whose session has loaded (piscina's workerCreate); pruned of stopped ones when read. */
  private readonly ready = new Set<Worker>();
  private readonly retired = new WeakSet<Piscina>();
  private destroyed = false;

  constructor(
    private readonly options: SessionPoolOptions,
    private readonly events: SessionPoolEvents = {},
  ) {
    this.size = options.threads ?? inferenceThreads({ servedModels: 1 });
    if (!Number.isInteger(this.size) || this.size < 1) throw new RangeError(`threads must be a whole number >= 1, got ${options.threads}`);
    this.piscina = this.start();
  }

  private start(): Piscina {
    const piscina = new Piscina({
      filename: new URL('./inference-worker.mjs', import.meta.url).href,
      minThreads: this.size,
      maxThreads: this.size,
      idleTimeout: Number.POSITIVE_INFINITY,
      // The worker is plain JavaScript and needs none of the service's Node flags; inherited, a
      // traced service's `--import …/tracing-register.ts` fails in the worker (no tsx hooks there).
      execArgv: [],
      // Each worker's session runs single-threaded: the pool, not ONNX Runtime, spreads work over the cores.
      workerData: { modelBytes: this.options.modelBytes, executionProviders: [this.options.provider.id], intraOpNumThreads: 1 },
    });
    const isCurrent = () => !this.destroyed && !this.retired.has(piscina);
    // piscina hands out a fresh descriptor per event; the Worker itself is found by its thread id.
    piscina.on('workerCreate', (created: { id: number }) => {
      const worker = piscina.threads.find((w) => w.threadId === created.id);
      if (worker && isCurrent()) this.ready.add(worker);
    });
    // Emitted synchronously from the worker's 'exit' handling, so a caller awaiting
    // `worker.terminate()` finds the loss already reported.
    piscina.on('workerDestroy', () => {
      if (isCurrent()) this.events.onWorkerLost?.('an inference worker stopped');
    });
    piscina.on('error', (error: Error) => {
      if (isCurrent()) this.events.onError?.(error);
    });
    return piscina;
  }

  /**
   * Runs the model on one batch in a free worker. The feeds' buffers move to the worker instead
   * of being copied (a batch of 64 engagement inputs is 169 KB): they are detached here, so the
   * caller passes buffers of the run's own (batchInputs' concatenation) and never reads them after.
   */
  run(feeds: Record<string, TensorData>): Promise<Record<string, TensorData>> {
    return this.piscina.run({ feeds }, { transferList: Object.values(feeds).map(({ data }) => data.buffer as ArrayBuffer) });
  }

  /** The session's tensors as ONNX Runtime reports them, from one worker. */
  describe(): Promise<{ inputs: SessionTensor[]; outputs: SessionTensor[] }> {
    return this.piscina.run(undefined, { name: 'describe' });
  }

  /** The worker threads right now (for operators and tests; a stopped one is replaced, not revived). */
  get workers(): readonly Worker[] {
    return this.piscina.threads;
  }

  /** Workers whose session has loaded and that are still running. */
  get workersReady(): number {
    const current = new Set(this.piscina.threads);
    for (const worker of this.ready) if (!current.has(worker) || worker.threadId === -1) this.ready.delete(worker);
    return this.ready.size;
  }

  /** Number of runs waiting for a free worker. */
  get queued(): number {
    return this.piscina.queueSize;
  }

  /**
   * Starts a fresh pool when this one is short of workers and will not replace them (piscina
   * stops replacing after a replacement fails to start). Side effect: the old pool is destroyed.
   */
  async heal(): Promise<boolean> {
    if (this.destroyed || this.piscina.threads.length >= this.size) return false;
    const old = this.piscina;
    this.retired.add(old);
    this.ready.clear();
    this.piscina = this.start();
    console.warn(`[session-pool] ${old.threads.length} of ${this.size} workers left and piscina no longer replaces them: starting a fresh pool`);
    await old.destroy().catch(() => {});
    return true;
  }

  destroy(): Promise<void> {
    this.destroyed = true;
    return this.piscina.destroy();
  }
}
