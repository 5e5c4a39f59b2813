import { describe, expect, it } from 'vitest';
import { BoundedQueue } from '../../src/subscriptions/bounded-queue.js';

const overflow = (capacity: number) => new Error(`over ${capacity}`);
const drain = async (queue: BoundedQueue<number>) => {
  const got: number[] = [];
  for (let r = await queue.next(); !r.done; r = await queue.next()) got.push(r.value);
  return got;
};

describe('BoundedQueue', () => {
  it('hands items over in order, to a waiting consumer or from the buffer, then done after end()', async () => {
    const queue = new BoundedQueue<number>(3, overflow);
    const waiting = queue.next();
    queue.push(1);
    expect(await waiting).toEqual({ value: 1, done: false });
    queue.push(2);
    queue.push(3);
    queue.end();
    queue.push(4);
    expect(await drain(queue)).toEqual([2, 3]);
  });

  it('fails at once, dropping the buffer, when a push goes beyond capacity', async () => {
    const queue = new BoundedQueue<number>(2, overflow);
    queue.push(1);
    queue.push(2);
    expect(queue.size).toBe(2);
    queue.push(3);
    expect(queue.size).toBe(0);
    await expect(queue.next()).rejects.toThrow('over 2');
  });

  it('delivers what is buffered before an upstream error', async () => {
    const queue = new BoundedQueue<number>(5, overflow);
    queue.push(1);
    queue.fail(new Error('upstream gone'));
    expect(await queue.next()).toEqual({ value: 1, done: false });
    await expect(queue.next()).rejects.toThrow('upstream gone');
  });

  it('wakes a waiting consumer with done on close(), whatever was pending', async () => {
    const queue = new BoundedQueue<number>(5, overflow);
    const waiting = queue.next();
    queue.close();
    expect(await waiting).toEqual({ value: undefined, done: true });
    queue.push(1);
    queue.fail(new Error('late'));
    expect(await queue.next()).toEqual({ value: undefined, done: true });
  });

  it('refuses a capacity that is not a positive integer, naming it', () => {
    expect(() => new BoundedQueue<number>(0, overflow)).toThrow('positive integer, got 0');
  });
});
