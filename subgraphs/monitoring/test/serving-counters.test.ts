import { describe, expect, it } from 'vitest';
import { nextServingState, previousOfProcess, servingPoll, SERVING_PROCESSES_KEPT, type ServingReport, type ServingState } from '../src/domain/serving-counters.js';

const now = new Date('2026-05-01T12:00:00Z');
const report = (over: Partial<ServingReport> = {}): ServingReport => ({
  version: 'v1',
  since: '2026-05-01T10:00:00.000Z',
  items: 100,
  runs: 10,
  failures: 1,
  latencyP50Ms: 4,
  latencyP99Ms: 30,
  meanBatchSize: 10,
  ...over,
});

describe('servingPoll', () => {
  it('records everything since the process started on the first poll', () => {
    const { point, counters } = servingPoll('engagement', report(), null, now);
    expect(point).toMatchObject({ modelId: 'engagement', version: 'v1', at: now, source: 'SERVING', metrics: { items: 100, runs: 10, failures: 1, latencyP50Ms: 4, latencyP99Ms: 30, meanBatchSize: 10 } });
    expect(counters).toEqual({ since: '2026-05-01T10:00:00.000Z', items: 100, runs: 10, failures: 1 });
  });

  it('records the differences since the previous poll of the same process', () => {
    const previous = servingPoll('engagement', report(), null, now).counters;
    const { point } = servingPoll('engagement', report({ items: 130, runs: 13, latencyP99Ms: null }), previous, now);
    expect(point!.metrics).toEqual({ items: 30, runs: 3, failures: 0, latencyP50Ms: 4, meanBatchSize: 10 });
  });

  it('starts over when the process restarted (`since` changed), and when counters went down', () => {
    const previous = servingPoll('engagement', report(), null, now).counters;
    expect(servingPoll('engagement', report({ since: '2026-05-01T11:00:00.000Z', items: 7, runs: 1, failures: 0 }), previous, now).point!.metrics).toMatchObject({ items: 7, runs: 1, failures: 0 });
    expect(servingPoll('engagement', report({ items: 5, runs: 1, failures: 0 }), previous, now).point!.metrics).toMatchObject({ items: 5, runs: 1, failures: 0 });
  });

  it('records nothing when nothing happened, and gives a repeated poll the same id', () => {
    const first = servingPoll('engagement', report(), null, now);
    expect(servingPoll('engagement', report(), first.counters, now).point).toBeNull();
    expect(servingPoll('engagement', report(), null, new Date(now.getTime() + 15_000)).point!.id).toBe(first.point!.id);
  });
});

describe('serving counters of several replicas', () => {
  const a = { since: '2026-05-01T10:00:00.000Z', items: 100, runs: 10, failures: 0 };
  const b = { since: '2026-05-01T10:00:00.700Z', items: 40, runs: 4, failures: 0 };

  it('takes each poll from the previous poll of the same process, whichever replica the last poll reached', () => {
    let state: ServingState | undefined = nextServingState(undefined, a, 'v1');
    state = nextServingState(state, b, 'v1');
    expect(previousOfProcess(state, { since: a.since })).toEqual(a);
    expect(previousOfProcess(state, { since: b.since })).toEqual(b);
    const poll = servingPoll('engagement', report({ since: a.since, items: 130, runs: 13, failures: 0 }), previousOfProcess(state, { since: a.since }), now);
    expect(poll.point!.metrics.items).toBe(30);
    // A process never polled (a new replica, a restart): its whole counters.
    expect(previousOfProcess(state, { since: '2026-05-01T11:00:00.000Z' })).toBeNull();
  });

  it('reads a state saved before replicas (no `processes`), and keeps the newest processes only', () => {
    expect(previousOfProcess({ counters: a, activeVersion: 'v1' }, { since: a.since })).toEqual(a);
    let state: ServingState = { counters: a, activeVersion: 'v1' };
    for (let i = 0; i < SERVING_PROCESSES_KEPT + 5; i += 1) state = nextServingState(state, { ...b, since: `2026-05-01T11:00:${String(i).padStart(2, '0')}.000Z` }, 'v1');
    expect(state.processes).toHaveLength(SERVING_PROCESSES_KEPT);
    expect(state.processes![0]!.since).toBe(`2026-05-01T11:00:${String(SERVING_PROCESSES_KEPT + 4).padStart(2, '0')}.000Z`);
  });
});
