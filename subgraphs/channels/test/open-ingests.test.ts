import { describe, expect, it } from 'vitest';
import { ingestKey, MAX_OPEN_INGESTS, withOpenIngest } from '../src/store/open-ingests.js';

describe('open ingests', () => {
  it('a retry of the same call has the same key, whatever the order of its items; other items, kind or channel do not', () => {
    const key = ingestKey('posts', 'c', ['c/1', 'c/2']);
    expect(ingestKey('posts', 'c', ['c/2', 'c/1'])).toBe(key);
    expect(ingestKey('posts', 'c', ['c/1'])).not.toBe(key);
    expect(ingestKey('subscriberCounts', 'c', ['c/1', 'c/2'])).not.toBe(key);
    expect(ingestKey('posts', 'd', ['c/1', 'c/2'])).not.toBe(key);
  });

  it(`keeps at most ${MAX_OPEN_INGESTS}, dropping the oldest`, () => {
    const entry = (i: number) => ({ key: `k${i}`, run: `r${i}`, since: new Date(i) });
    let open = [entry(0)];
    for (let i = 1; i <= MAX_OPEN_INGESTS; i++) open = withOpenIngest(open, entry(i));
    expect(open).toHaveLength(MAX_OPEN_INGESTS);
    expect(open[0]).toEqual(entry(1));
    expect(open.at(-1)).toEqual(entry(MAX_OPEN_INGESTS));
  });
});
