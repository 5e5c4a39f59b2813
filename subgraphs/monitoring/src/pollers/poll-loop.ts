import { randomUUID } from 'node:crypto';
import type { ReadScope } from '@telepulse/platform/supergraph-client';

/**
 * A background task run every `intervalMs`, one tick at a time (the next is scheduled when the
 * previous ends, so a slow tick never overlaps the next). A failing tick (gateway down, a
 * subgraph down, MongoDB down) is logged, once per distinct message until a tick succeeds again,
 * and the loop goes on: what it missed, the next tick catches up (the pollers keep cursors).
 * `stop` aborts the tick in flight (its reads stop) and waits for it.
 */
export class PollLoop {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private lastError: string | undefined;
  /** Ticks finished, failed or not: tests wait on it instead of on time. */
  readonly stats = { ticks: 0, failures: 0 };

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly tick: (scope: ReadScope) => Promise<void>,
    private readonly log: (message: string) => void = (message) => console.warn(message),
  ) {}

  /** Runs the first tick now, then every `intervalMs` after each ends. */
  start(): this {
    this.schedule(0);
    return this;
  }

  /** Runs one tick now (tests, and a caller that knows there is news); resolves when it ends. */
  async runOnce(): Promise<void> {
    const scope: ReadScope = { trace: { requestId: `monitoring-${this.name}-${randomUUID()}`, via: [] }, signal: this.controller.signal };
    try {
      await this.tick(scope);
      this.lastError = undefined;
    } catch (error) {
      this.stats.failures += 1;
      if (this.controller.signal.aborted) return;
      const message = (error as Error).message;
      if (message !== this.lastError) this.log(`[monitoring] ${this.name} poll failed (retrying every ${this.intervalMs} ms): ${message}`);
      this.lastError = message;
    } finally {
      this.stats.ticks += 1;
    }
  }

  private schedule(delayMs: number): void {
    if (this.controller.signal.aborted) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce().finally(() => {
        this.running = undefined;
        this.schedule(this.intervalMs);
      });
    }, delayMs);
    // A poller alone never keeps a process alive: the server does.
    this.timer.unref();
  }

  /** Stops the loop: no new tick starts, the one in flight is aborted and awaited. */
  async stop(): Promise<void> {
    this.controller.abort();
    clearTimeout(this.timer);
    await this.running;
  }
}
