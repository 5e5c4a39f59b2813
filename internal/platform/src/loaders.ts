import DataLoader from 'dataloader';
import { NotFoundError } from './errors.js';

/**
 * A per-request loader over a by-ids lookup: the ids asked for in one tick go to `find` in one
 * call (one `$in` query), and line up with its results by id; an id it did not find loads as null.
 */
export function byIdsLoader<V, K = string>(find: (ids: readonly K[]) => Promise<ReadonlyMap<K, V>>): DataLoader<K, V | null> {
  return new DataLoader<K, V | null>(async (ids) => {
    const found = await find(ids);
    return ids.map((id) => found.get(id) ?? null);
  });
}

/** Loads one thing by id; throws NotFoundError(kind, id) when there is none. */
export async function loadOrNotFound<V>(loader: { load(id: string): Promise<V | null> }, kind: string, id: string): Promise<V> {
  const found = await loader.load(id);
  if (found === null || found === undefined) throw new NotFoundError(kind, id);
  return found;
}

/** `loader.loadMany(keys)`, failing as a whole when any key failed (loadMany settles each on its own). */
export async function loadEvery<K, V>(loader: { loadMany(keys: readonly K[]): Promise<(V | Error)[]> }, keys: readonly K[]): Promise<V[]> {
  const results = await loader.loadMany(keys);
  const failed = results.find((r): r is Error => r instanceof Error);
  if (failed) throw failed;
  return results as V[];
}
