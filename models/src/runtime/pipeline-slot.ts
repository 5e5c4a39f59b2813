/**
 * The pipeline a subgraph serves a model with, swappable while it serves: a request takes the
 * current pipeline once (`forRequest`) and keeps it to its end, so it is served by one version
 * throughout; a swap puts the next pipeline in for the requests that start after it, and
 * disposes the old one once the requests holding it have ended (at most `drainTimeoutMs` later,
 * so a request that never reports its end cannot keep the old workers forever).
 */

/** What a slot holds: a model pipeline (its version, and the worker threads it releases). */
export interface SlotPipeline {
  readonly version: string;
  dispose(): Promise<void>;
}

/** One hold on a pipeline; `release` is idempotent. */
export interface PipelineLease<P> {
  pipeline: P;
  release(): void;
}

interface Entry<P> {
  pipeline: P;
  holds: number;
  /** Set when the entry was swapped out: resolves once it is disposed. */
  retired?: { disposed: Promise<void>; done: () => void };
}

export const DEFAULT_DRAIN_TIMEOUT_MS = 60_000;

export class PipelineSlot<P extends SlotPipeline> {
  private entry: Entry<P>;
  private readonly retiring = new Set<Promise<void>>();
  private closed = false;

  constructor(
    initial: P,
    private readonly options: { drainTimeoutMs?: number; onDisposeError?: (error: unknown, pipeline: P) => void } = {},
  ) {
    this.entry = { pipeline: initial, holds: 0 };
  }

  /** The pipeline new requests get, without holding it (health, descriptions). */
  get current(): P {
    return this.entry.pipeline;
  }

  /** Holds the current pipeline until `release`: it is not disposed by a swap while held. */
  acquire(): PipelineLease<P> {
    const entry = this.entry;
    entry.holds += 1;
    let released = false;
    return {
      pipeline: entry.pipeline,
      release: () => {
        if (released) return;
        released = true;
        entry.holds -= 1;
        if (entry.holds === 0) entry.retired?.done();
      },
    };
  }

  /**
   * The current pipeline for one request, held until the request ends (`scope.onEnd`). A scope
   * that cannot report its end gets the pipeline without a hold.
   */
  forRequest(scope: { onEnd?: (listener: () => void) => void }): P {
    if (!scope.onEnd) return this.entry.pipeline;
    const lease = this.acquire();
    scope.onEnd(lease.release);
    return lease.pipeline;
  }

  /**
   * Serves `next` from now on; resolves once the pipeline it replaces is disposed (after the
   * requests holding it end). Swapping in the pipeline already current does nothing.
   */
  swap(next: P): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the pipeline slot is disposed'));
    if (next === this.entry.pipeline) return Promise.resolve();
    const old = this.entry;
    this.entry = { pipeline: next, holds: 0 };
    return this.retire(old);
  }

  /** Disposes the current pipeline and waits for every retired one; the slot takes no more swaps. */
  async dispose(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      void this.retire(this.entry);
    }
    await Promise.all([...this.retiring]);
  }

  private retire(entry: Entry<P>): Promise<void> {
    let done!: () => void;
    const drained = new Promise<void>((resolve) => (done = resolve));
    const timer = setTimeout(done, this.options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS);
    timer.unref();
    const disposed = drained.then(async () => {
      clearTimeout(timer);
      try {
        await entry.pipeline.dispose();
      } catch (error) {
        this.options.onDisposeError?.(error, entry.pipeline);
      }
    });
    entry.retired = { disposed, done };
    if (entry.holds === 0) done();
    this.retiring.add(disposed);
    void disposed.finally(() => this.retiring.delete(disposed));
    return disposed;
  }
}
