import { DomainError } from './errors.js';

/**
 * In-process publish/subscribe for GraphQL subscriptions: each subscriber gets its own queue,
 * bounded, read as an async iterator. A subscriber that falls more than `maxQueued` events behind
 * is dropped: its iterator fails with SlowSubscriberError (graphql-ws sends it an `error`
 * message) instead of the process buffering for it without end. Ending an iterator (the client
 * unsubscribed, its socket closed) frees its queue at once; `close()` ends every iterator cleanly
 * (done: graphql-ws sends `complete`).
 */

/** A subscriber fell too far behind and was dropped. */
export class SlowSubscriberError extends DomainError {
  readonly code = 'SERVICE_UNAVAILABLE' as const;

  constructor(maxQueued: number) {
    super(`this subscription fell more than ${maxQueued} events behind and was dropped: read faster, or subscribe again`, { maxQueued });
  }
}

interface Subscriber<T> {
  accepts: (event: T) => boolean;
  queue: T[];
  /** The pending next() of an idle reader. */
  waiting: ((result: IteratorResult<T>) => void) | null;
  failWaiting: ((error: unknown) => void) | null;
  failure: Error | null;
  done: boolean;
  /** Ends this subscription: frees its queue, answers a waiting reader with done. */
  end: () => void;
}

export class EventBus<T> {
  private readonly subscribers = new Set<Subscriber<T>>();
  private closed = false;

  constructor(private readonly maxQueued = 100) {
    if (!Number.isInteger(maxQueued) || maxQueued < 1) throw new RangeError(`maxQueued must be a positive integer, got ${maxQueued}`);
  }

  /** Live subscribers. */
  get size(): number {
    return this.subscribers.size;
  }

  /** Hands `event` to every subscriber whose filter accepts it; never waits for a reader. */
  publish(event: T): void {
    for (const s of this.subscribers) {
      if (!s.accepts(event)) continue;
      if (s.waiting) {
        const resolve = s.waiting;
        s.waiting = s.failWaiting = null;
        resolve({ value: event, done: false });
      } else if (s.queue.length >= this.maxQueued) {
        s.failure = new SlowSubscriberError(this.maxQueued);
        s.queue.length = 0;
        this.subscribers.delete(s);
      } else {
        s.queue.push(event);
      }
    }
  }

  /** An iterator of the events `accepts` takes, from now on. Ended by `return()` or `close()`. */
  subscribe(accepts: (event: T) => boolean = () => true): AsyncIterableIterator<T> & AsyncGenerator<T, undefined> {
    const s: Subscriber<T> = { accepts, queue: [], waiting: null, failWaiting: null, failure: null, done: this.closed, end: () => undefined };
    if (!this.closed) this.subscribers.add(s);
    const end = (): IteratorResult<T, undefined> => {
      s.done = true;
      s.queue.length = 0;
      this.subscribers.delete(s);
      const resolve = s.waiting;
      s.waiting = s.failWaiting = null;
      resolve?.({ value: undefined, done: true });
      return { value: undefined, done: true };
    };
    const iterator = {
      next: (): Promise<IteratorResult<T, undefined>> => {
        if (s.queue.length > 0) return Promise.resolve({ value: s.queue.shift()!, done: false });
        if (s.failure) {
          const failure = s.failure;
          end();
          return Promise.reject(failure);
        }
        if (s.done) return Promise.resolve({ value: undefined, done: true });
        return new Promise<IteratorResult<T, undefined>>((resolve, reject) => {
          s.waiting = resolve as (result: IteratorResult<T>) => void;
          s.failWaiting = reject;
        });
      },
      return: async (): Promise<IteratorResult<T, undefined>> => end(),
      throw: async (error: unknown): Promise<IteratorResult<T, undefined>> => {
        end();
        throw error;
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
      [Symbol.asyncDispose]: async () => void end(),
    };
    s.end = () => void end();
    return iterator as unknown as AsyncIterableIterator<T> & AsyncGenerator<T, undefined>;
  }

  /** Ends every subscription (each iterator reports done) and refuses new ones. */
  close(): void {
    this.closed = true;
    for (const s of [...this.subscribers]) s.end();
    this.subscribers.clear();
  }
}
