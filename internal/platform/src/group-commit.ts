import { assertLive } from './request-deadline.js';

export interface GroupCommitOptions {
  /** Most items one write may carry; a caller's items are never split across writes (one caller may exceed it alone). */
  maxGroupSize: number;
}

export interface GroupCommitStats {
  /** Writes sent. */
  groups: number;
  /** Callers whose items those writes carried. */
  callers: number;
  /** Items those writes carried. */
  items: number;
  largestGroup: number;
}

/** Every group commit of this process by name (as registered by its owner): what metrics exports at scrape time. */
const registered = new Map<string, GroupCommitStats[]>();

/** The counters of every group commit by name, summed over its instances: a snapshot, a plain object. */
export function groupCommitCounters(): Record<string, GroupCommitStats> {
  const out: Record<string, GroupCommitStats> = {};
  for (const [name, all] of registered) {
    out[name] = all.reduce(
      (sum, s) => ({ groups: sum.groups + s.groups, callers: sum.callers + s.callers, items: sum.items + s.items, largestGroup: Math.max(sum.largestGroup, s.largestGroup) }),
      { groups: 0, callers: 0, items: 0, largestGroup: 0 },
    );
  }
  return out;
}

interface Waiting<I, O> {
  items: readonly I[];
  signal: AbortSignal;
  resolve: (outputs: O[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: concurrent callers' items coalesced into one write (the shape of the inference
 * batcher, models/src/runtime/dynamic-batcher.ts, for storage). Callers arriving in the same tick
 * are written together; while a write is in flight, everyone arriving waits and goes in the next
 * one, so a busy store sends one write at a time, each carrying all that queued meanwhile.
 *
 * Each caller is resolved with its own outputs only once the write carrying its items has
 * succeeded (nothing is acknowledged before it is written); a failed write rejects exactly the
 * callers it carried, with its error. `write` must be idempotent (a caller retrying after a
 * failure may find some of its items written). A caller whose `signal` has aborted before its
 * group is sent is dropped from it and rejected (DEADLINE_EXCEEDED / CANCELLED): nothing of it
 * is written.
 */
export class GroupCommit<I, O> {
  readonly stats: GroupCommitStats = { groups: 0, callers: 0, items: 0, largestGroup: 0 };
  private queue: Waiting<I, O>[] = [];
  private writing = false;
  private scheduled = false;

  /** `write` stores items and returns one output per item, in order; `name` (when given) makes the counters readable by groupCommitCounters. */
  constructor(
    private readonly write: (items: readonly I[]) => Promise<readonly O[]>,
    readonly options: GroupCommitOptions,
    name?: string,
  ) {
    if (!Number.isInteger(options.maxGroupSize) || options.maxGroupSize < 1) {
      throw new RangeError(`maxGroupSize must be a whole number >= 1, got ${options.maxGroupSize}`);
    }
    if (name) registered.set(name, [...(registered.get(name) ?? []), this.stats]);
  }

  /** Queues one caller's items; resolves with their outputs, in order, once the write carrying them has succeeded. */
  submit(items: readonly I[], signal: AbortSignal): Promise<O[]> {
    if (items.length === 0) return Promise.resolve([]);
    return new Promise<O[]>((resolve, reject) => {
      this.queue.push({ items, signal, resolve, reject });
      this.schedule();
    });
  }

  /** Sends the next group at the end of this tick's I/O, unless a write is in flight (its end sends it). */
  private schedule(): void {
    if (this.writing || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.writing || this.queue.length === 0) return;
    const group = this.takeGroup();
    if (group.length === 0) return this.schedule();
    this.writing = true;
    const items = group.flatMap((w) => w.items);
    this.stats.groups += 1;
    this.stats.callers += group.length;
    this.stats.items += items.length;
    this.stats.largestGroup = Math.max(this.stats.largestGroup, items.length);
    try {
      const outputs = await this.write(items);
      if (outputs.length !== items.length) throw new Error(`group write returned ${outputs.length} outputs for ${items.length} items`);
      let at = 0;
      for (const waiting of group) {
        waiting.resolve(outputs.slice(at, at + waiting.items.length));
        at += waiting.items.length;
      }
    } catch (error) {
      for (const waiting of group) waiting.reject(error);
    } finally {
      this.writing = false;
      // Those who queued during the write go now: they have waited one write already.
      if (this.queue.length > 0) void this.flush();
    }
  }

  /** The callers of the next write, in arrival order, up to maxGroupSize items (at least one caller); those whose request has ended are rejected instead. */
  private takeGroup(): Waiting<I, O>[] {
    const group: Waiting<I, O>[] = [];
    let size = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0]!;
      if (group.length > 0 && size + next.items.length > this.options.maxGroupSize) break;
      this.queue.shift();
      try {
        assertLive(next.signal);
      } catch (error) {
        next.reject(error);
        continue;
      }
      group.push(next);
      size += next.items.length;
    }
    return group;
  }
}
