import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Reads `read()` until `done` holds, pausing `intervalMs` between reads, for at most `timeoutMs`;
 * returns the value that satisfied it. Throws with the last value read when time runs out. For
 * waiting on something that happens on its own (a worker replaced, a driver reconnected), never
 * for asserting how long it took.
 */
export async function pollUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, { timeoutMs = 30_000, intervalMs = 50 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await sleep(intervalMs);
  }
}
