import { describe, expect, it } from 'vitest';
import { EventBus, SlowSubscriberError } from '../src/event-bus.js';

describe('EventBus', () => {
  it('delivers to each subscriber the events its filter accepts, in order', async () => {
    const bus = new EventBus<number>(10);
    const even = bus.subscribe((n) => n % 2 === 0);
    const all = bus.subscribe();
    for (const n of [1, 2, 3, 4]) bus.publish(n);
    expect([(await even.next()).value, (await even.next()).value]).toEqual([2, 4]);
    expect(await Promise.all([1, 2, 3, 4].map(() => all.next().then((r) => r.value)))).toEqual([1, 2, 3, 4]);
  });

  it('hands an event to a reader already waiting', async () => {
    const bus = new EventBus<string>(1);
    const it = bus.subscribe();
    const pending = it.next();
    bus.publish('a');
    expect(await pending).toEqual({ value: 'a', done: false });
  });

  it('drops a subscriber more than maxQueued behind: its next read fails with SlowSubscriberError and its queue is freed', async () => {
    const bus = new EventBus<number>(3);
    const slow = bus.subscribe();
    const fast = bus.subscribe();
    for (let n = 0; n < 4; n++) {
      bus.publish(n);
      await fast.next();
    }
    expect(bus.size).toBe(1);
    await expect(slow.next()).rejects.toBeInstanceOf(SlowSubscriberError);
    expect((await slow.next()).done).toBe(true);
  });

  it('frees a subscription on return(), answering a waiting read with done', async () => {
    const bus = new EventBus<number>();
    const it = bus.subscribe();
    const pending = it.next();
    await it.return(undefined);
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(bus.size).toBe(0);
    bus.publish(1);
    expect((await it.next()).done).toBe(true);
  });

  it('close() ends every subscription with done and refuses new ones', async () => {
    const bus = new EventBus<number>();
    const a = bus.subscribe();
    const waiting = a.next();
    bus.close();
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect((await bus.subscribe().next()).done).toBe(true);
    expect(bus.size).toBe(0);
  });
});
