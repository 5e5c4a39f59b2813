import { describe, expect, it } from 'vitest';
import { UnavailableError } from '@telepulse/platform';
import type { IngestReader } from '../src/clients/ingest-reads.js';
import type { FeedbackRecord, NewFeedback } from '../src/domain/feedback.js';
import { engagementRateOf, type IngestedPost } from '../src/domain/ingest-outcomes.js';
import { IngestPoller, recordIngestedOutcomes } from '../src/poller/ingest-poller.js';
import type { RecordOutcome } from '../src/domain/submit-feedback.js';
import { engagementPrediction } from './sample-predictions.js';

const now = new Date('2025-03-10T00:00:00Z');
const day = 24 * 3600_000;
const postedAt = (daysAgo: number) => new Date(now.getTime() - daysAgo * day);
const post = (at: Date, views = 1000, forwards: number | null = 10, replies = 5, reactions = 35): IngestedPost => ({ postedAt: at, views, forwards, replies, reactions });

/** A store in memory with the real store's contract for what the poller uses. */
function memoryStore() {
  const items = new Map<string, FeedbackRecord>();
  return {
    items,
    async bySlots(ids: readonly string[]) {
      return new Map([...items.values()].filter((i) => ids.includes(i.predictionId)).map((i) => [i.predictionId, i]));
    },
    async record(records: readonly NewFeedback[]): Promise<RecordOutcome> {
      const stored = records.map((r) => items.get(r.predictionId) ?? { ...r, seq: items.size + 1, processedBy: null });
      for (const s of stored) items.set(s.predictionId, s);
      return { ok: true, stored };
    },
  };
}

describe('feedback by ingest', () => {
  it('the rate of a post is (forwards + replies + reactions) / views, unknown forwards as 0, none without views', () => {
    expect(engagementRateOf(post(now))).toBeCloseTo(0.05, 12);
    expect(engagementRateOf(post(now, 100, null, 1, 1))).toBeCloseTo(0.02, 12);
    expect(engagementRateOf(post(now, 0))).toBeNull();
  });

  it('records the rate of the post published at the predicted instant, once settled; skips the rest; a second pass adds nothing', async () => {
    const predictions = [
      engagementPrediction('settled', 0.04, { postedAt: postedAt(2) }),
      engagementPrediction('too-fresh', 0.04, { postedAt: postedAt(0.5) }),
      engagementPrediction('other-post', 0.04, { postedAt: postedAt(3) }),
      engagementPrediction('no-time', 0.04, { postedAt: null }),
      engagementPrediction('no-views', 0.04, { postedAt: postedAt(4) }),
    ];
    const asked: string[][] = [];
    const reads: IngestReader = {
      recent: async () => predictions,
      async postsAt(due) {
        asked.push(due.map((p) => p.id));
        return new Map<string, IngestedPost | null>([
          ['settled', post(postedAt(2))],
          ['other-post', post(new Date(postedAt(3).getTime() - 60_000))],
          ['no-views', post(postedAt(4), 0)],
        ]);
      },
    };
    const store = memoryStore();
    const deps = { reads, store, now: () => now, minAgeMs: day, lookbackMs: 14 * day };
    const scope = { trace: { requestId: 't', via: [] }, signal: new AbortController().signal };
    const recorded = await recordIngestedOutcomes(deps, scope);
    expect(recorded.map((r) => [r.predictionId, r.source, r.observed])).toEqual([['settled', 'INGEST', { kind: 'ENGAGEMENT_RATE', engagementRate: 0.05 }]]);
    expect(recorded[0]!.error).toBeCloseTo(0.01, 12);
    expect(asked).toEqual([['settled', 'other-post', 'no-views']]);
    // The settled one has feedback now: not asked for again.
    await recordIngestedOutcomes(deps, scope);
    expect(asked[1]).toEqual(['other-post', 'no-views']);
    expect(store.items.size).toBe(1);
  });

  it('a tick that cannot read keeps the error and the next one catches up', async () => {
    let down = true;
    const prediction = engagementPrediction('p', 0.04, { postedAt: postedAt(2) });
    const reads: IngestReader = {
      recent: async () => {
        if (down) throw new UnavailableError('gateway', 'no answer');
        return [prediction];
      },
      postsAt: async () => new Map([['p', post(postedAt(2))]]),
    };
    const store = memoryStore();
    const poller = new IngestPoller({ reads, store, now: () => now, intervalMs: 0, minAgeMs: day, lookbackMs: 14 * day });
    await poller.tick();
    expect(poller.status).toMatchObject({ ticks: 1, recorded: 0, lastError: expect.stringContaining('gateway is unavailable') });
    expect(poller.failingLongerThan(-1)).toBe(true);
    down = false;
    await poller.tick();
    expect(poller.status).toMatchObject({ ticks: 2, recorded: 1, lastError: null });
    expect(poller.failingLongerThan(-1)).toBe(false);
    await poller.dispose();
  });
});
