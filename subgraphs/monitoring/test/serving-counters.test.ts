import { describe, expect, it } from 'vitest';
import { servingPoll, type ServingReport } from '../src/domain/serving-counters.js';

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
