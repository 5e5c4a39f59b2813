/**
 * One timer for every subgraph fetch's deadline instead of one per fetch: a fetch registers when
 * it must end and how to end it; a single interval, running only while fetches are registered,
 * ends those whose time is up. A fetch ends at most `resolutionMs` after its deadline, which
 * is nothing next to deadlines counted in seconds, and the per-request cost is a Set insert and
 * delete instead of arming and clearing a timer (AbortSignal.timeout's, plus its AbortSignal).
 */
export class DeadlineSweeper {
  private readonly pending = new Set<{ at: number; expire: () => void }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly resolutionMs = 50) {}

  /** Calls `expire` once `at` (Date.now() time) has passed, unless the returned release is called first. */
  track(at: number, expire: () => void): () => void {
    const entry = { at, expire };
    this.pending.add(entry);
    // unref: a pending fetch's own socket keeps the process alive, not its deadline.
    this.timer ??= setInterval(() => this.sweep(), this.resolutionMs).unref();
    return () => this.release(entry);
  }

  private release(entry: { at: number; expire: () => void }): void {
    this.pending.delete(entry);
    if (this.pending.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private sweep(): void {
    const now = Date.now();
    for (const entry of this.pending) {
      if (entry.at > now) continue;
      this.release(entry);
      entry.expire();
    }
  }
}
