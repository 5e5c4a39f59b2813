import { describe, expect, it } from 'vitest';
import { RECENT_LIMIT_MAX, SERVED_IDS_MAX, recentServed, servedByIds, type ServedPrediction, type ServedRecords } from '../src/catalog/served-prediction.js';

interface Rec {
  id: string;
  at: number;
}

/** A store that records every query it is asked. */
function recordingStore(records: Rec[]) {
  const calls: unknown[][] = [];
  const store: ServedRecords<Rec> = {
    findByIds: async (ids) => {
      calls.push(['ids', [...ids]]);
      return new Map(records.filter((r) => ids.includes(r.id)).map((r) => [r.id, r]));
    },
    findRecent: async (since, limit) => {
      calls.push(['recent', since.getTime(), limit]);
      return records.filter((r) => r.at >= since.getTime()).sort((a, b) => b.at - a.at).slice(0, limit);
    },
  };
  return { store, calls };
}

const view = (r: Rec): ServedPrediction => ({
  id: r.id,
  modelId: 'm',
  modelVersion: '1',
  outcome: 'VIRAL',
  channelId: 'c',
  postId: null,
  postedAt: null,
  createdAt: new Date(r.at),
  points: [],
  features: [],
  modelInput: null,
});

describe('servedByIds', () => {
  it('answers in the order asked, null for an unknown id, with one query', async () => {
    const { store, calls } = recordingStore([{ id: 'a', at: 1 }, { id: 'b', at: 2 }]);
    expect((await servedByIds(store, ['b', 'x', 'a', 'b'], view)).map((p) => p?.id ?? null)).toEqual(['b', null, 'a', 'b']);
    expect(calls).toEqual([['ids', ['b', 'x', 'a', 'b']]]);
  });

  it('asks nothing for no ids', async () => {
    const { store, calls } = recordingStore([]);
    expect(await servedByIds(store, [], view)).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('refuses more than SERVED_IDS_MAX ids with BAD_USER_INPUT naming `ids`, before any query', async () => {
    const { store, calls } = recordingStore([]);
    const ids = Array.from({ length: SERVED_IDS_MAX + 1 }, (_, i) => String(i));
    await expect(servedByIds(store, ids, view)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'ids', value: SERVED_IDS_MAX + 1 } });
    expect(calls).toEqual([]);
  });
});

describe('recentServed', () => {
  it('passes `since` and `limit` to one query and keeps its newest-first order', async () => {
    const { store, calls } = recordingStore([{ id: 'a', at: 1 }, { id: 'b', at: 3 }, { id: 'c', at: 2 }]);
    expect((await recentServed(store, new Date(2), 5, view)).map((p) => p.id)).toEqual(['b', 'c']);
    expect(calls).toEqual([['recent', 2, 5]]);
  });

  it.each([0, -1, 1.5, RECENT_LIMIT_MAX + 1])('refuses limit %s with BAD_USER_INPUT naming `limit`, before any query', async (limit) => {
    const { store, calls } = recordingStore([]);
    await expect(recentServed(store, new Date(0), limit, view)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'limit', value: limit } });
    expect(calls).toEqual([]);
  });
});
