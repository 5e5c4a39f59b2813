import { describe, expect, it } from 'vitest';
import { byIdsLoader, loadOrNotFound } from '../src/loaders.js';
import { NotFoundError } from '../src/errors.js';

describe('byIdsLoader', () => {
  it('asks for the ids of one tick in one call and lines results up with the ids, null where missing', async () => {
    const calls: (readonly string[])[] = [];
    const loader = byIdsLoader(async (ids: readonly string[]) => {
      calls.push(ids);
      return new Map(ids.filter((id) => id !== 'missing').map((id) => [id, { id, upper: id.toUpperCase() }]));
    });
    const loaded = await Promise.all(['b', 'missing', 'a', 'b'].map((id) => loader.load(id)));
    expect(calls).toEqual([['b', 'missing', 'a']]);
    expect(loaded).toEqual([{ id: 'b', upper: 'B' }, null, { id: 'a', upper: 'A' }, { id: 'b', upper: 'B' }]);
  });
});

describe('loadOrNotFound', () => {
  const loader = byIdsLoader(async (ids: readonly string[]) => new Map(ids.filter((id) => id === 'here').map((id) => [id, 0])));

  it('returns what the loader found, even a falsy value', async () => {
    await expect(loadOrNotFound(loader, 'Thing', 'here')).resolves.toBe(0);
  });

  it('throws NOT_FOUND naming the kind and id when the loader found nothing', async () => {
    const error = await loadOrNotFound(loader, 'Thing', 'gone').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: 'Thing "gone" does not exist', details: { kind: 'Thing', id: 'gone' } });
  });
});
