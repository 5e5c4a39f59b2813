/**
 * The bounded buffer between an upstream subscription (which pushes events whenever they come)
 * and the generator a client pulls them from (one at a time, each after its plan has run and
 * its message was sent). A consumer that falls more than `capacity` events behind is not
 * buffered for without end: the queue fails with `overflow()` instead, so the subscription ends
 * with an error the client can see.
 */
export class BoundedQueue<T> {
  private readonly items: T[] = [];
  private waiting: { resolve: (item: IteratorResult<T, undefined>) => void; reject: (error: unknown) => void } | undefined;
  /** Set once nothing more will be pushed: `done` after the buffered items, or the error at once (overflow) or after them. */
  private ending: { error?: unknown; now: boolean } | undefined;

  constructor(
    private readonly capacity: number,
    /** The error the queue fails with when a push would exceed `capacity`. */
    private readonly overflow: (capacity: number) => Error,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`a queue's capacity must be a positive integer, got ${capacity}`);
  }

  /** Hands `item` to a waiting consumer or buffers it; beyond capacity, fails the queue (dropping what it held). Ignored once ended. */
  push(item: T): void {
    if (this.ending) return;
    if (this.waiting) return this.settle({ value: item, done: false });
    if (this.items.length >= this.capacity) return this.fail(this.overflow(this.capacity), { now: true });
    this.items.push(item);
  }

  /** No more items: the consumer gets what is buffered, then `done`. */
  end(): void {
    if (this.ending) return;
    this.ending = { now: false };
    if (this.waiting) this.settle({ value: undefined, done: true });
  }

  /** Ends with `error`: after the buffered items, or at once (dropping them) when `now`. */
  fail(error: unknown, { now = false } = {}): void {
    if (this.ending) return;
    this.ending = { error, now };
    if (now) this.items.length = 0;
    if (this.waiting) {
      const { reject } = this.waiting;
      this.waiting = undefined;
      reject(error);
    }
  }

  /** Stops at once, dropping what is buffered: the consumer gets `done` (an unsubscribe). */
  close(): void {
    this.items.length = 0;
    // Whoever closes is no longer listening: a pending error has nobody left to tell.
    this.ending = { now: true };
    if (this.waiting) this.settle({ value: undefined, done: true });
  }

  /** How many items wait for the consumer. */
  get size(): number {
    return this.items.length;
  }

  /** The next item; `done` once ended and drained; rejects with the queue's error. One consumer at a time. */
  next(): Promise<IteratorResult<T, undefined>> {
    if (this.waiting) throw new Error('BoundedQueue has one consumer: next() was called while an earlier call still waited');
    if (this.items.length > 0) return Promise.resolve({ value: this.items.shift()!, done: false });
    if (this.ending) return this.ending.error === undefined ? Promise.resolve({ value: undefined, done: true }) : Promise.reject(this.ending.error);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  private settle(result: IteratorResult<T, undefined>): void {
    const { resolve } = this.waiting!;
    this.waiting = undefined;
    resolve(result);
  }
}
