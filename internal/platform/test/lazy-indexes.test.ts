import { describe, expect, it } from 'vitest';
import { lazyIndexes } from '../src/mongo.js';

describe('lazyIndexes', () => {
  it('creates once however many callers ask, at the same time or later', async () => {
    let runs = 0;
    const ensure = lazyIndexes(async () => void runs++);
    await Promise.all([ensure(), ensure()]);
    await ensure();
    expect(runs).toBe(1);
  });

  it('forgets a failed attempt, so the next call tries again, and then stays created', async () => {
    const outcomes = [new Error('MongoDB is down'), null];
    let runs = 0;
    const ensure = lazyIndexes(async () => {
      const outcome = outcomes[runs++];
      if (outcome) throw outcome;
    });
    await expect(ensure()).rejects.toThrow('MongoDB is down');
    await ensure();
    await ensure();
    expect(runs).toBe(2);
  });
});
