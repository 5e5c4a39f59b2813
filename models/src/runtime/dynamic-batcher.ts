import DataLoader from 'dataloader';
import type { BatchObserver } from './serving-stats.js';

export interface BatcherOptions {
  /** Most requests one run may carry. */
  maxBatchSize: number;
  /** Longest a request waits for others to join its batch, in ms (0: until the current tick's I/O is done). */
  maxQueueDelayMs: number;
}

export interface BatcherStats {
  batches: number;
  requests: number;
  largestBatch: number;
}

/**
 * Cross-request dynamic batching in front of a model (the shape of Triton's dynamic batcher):
 * requests arriving within `maxQueueDelayMs` of the first waiting one are coalesced into one
 * `runBatch` call of at most `maxBatchSize`. One instance per model session, process-wide.
 * Built on DataLoader's batch scheduling with its cache off (every request is distinct).
 * An observer hears of every run: its size, how long after its first request was queued it
 * ended and started, and whether it failed.
 */
export class DynamicBatcher<Input, Output> {
  private readonly loader: DataLoader<Input, Output>;
  readonly stats: BatcherStats = { batches: 0, requests: 0, largestBatch: 0 };
  /** When the batch being dispatched got its first request (performance.now()); read as its run starts. */
  private dispatchingQueuedAt = 0;

  constructor(
    runBatch: (inputs: readonly Input[]) => Promise<readonly Output[]>,
    readonly options: BatcherOptions,
    observer?: BatchObserver,
  ) {
    if (!Number.isInteger(options.maxBatchSize) || options.maxBatchSize < 1) {
      throw new RangeError(`maxBatchSize must be a whole number >= 1, got ${options.maxBatchSize}`);
    }
    if (!(options.maxQueueDelayMs >= 0)) throw new RangeError(`maxQueueDelayMs must be >= 0, got ${options.maxQueueDelayMs}`);
    const delay = options.maxQueueDelayMs;
    this.loader = new DataLoader<Input, Output>(
      async (inputs) => {
        this.stats.batches += 1;
        this.stats.requests += inputs.length;
        this.stats.largestBatch = Math.max(this.stats.largestBatch, inputs.length);
        const queuedAt = this.dispatchingQueuedAt;
        if (!observer) return runBatch(inputs);
        const startedAt = performance.now();
        try {
          const outputs = await runBatch(inputs);
          observer.runEnded(inputs.length, performance.now() - queuedAt, false, startedAt - queuedAt);
          return outputs;
        } catch (error) {
          observer.runEnded(inputs.length, performance.now() - queuedAt, true, startedAt - queuedAt);
          throw error;
        }
      },
      {
        cache: false,
        maxBatchSize: options.maxBatchSize,
        // DataLoader schedules a batch the moment its first request arrives and calls the batch
        // function synchronously when the schedule fires: the time taken here is that batch's.
        batchScheduleFn: (run) => {
          const queuedAt = performance.now();
          const dispatch = () => {
            this.dispatchingQueuedAt = queuedAt;
            run();
          };
          if (delay > 0) setTimeout(dispatch, delay);
          else setImmediate(dispatch);
        },
      },
    );
  }

  /** Queues one request; resolves with its own output when its batch has run. */
  submit(input: Input): Promise<Output> {
    return this.loader.load(input);
  }
}
