import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '@telepulse/platform';
import type { FeedbackRecord, NewFeedback } from '../src/domain/feedback.js';
import { checkFeedback, COMMENT_MAX_CHARS, type FeedbackItem } from '../src/domain/feedback-input.js';
import { submitFeedback, type RecordOutcome, type SubmitDeps } from '../src/domain/submit-feedback.js';
import type { ServedPredictionView } from '../src/domain/served-prediction.js';
import { engagementPrediction, growthForecast, viralPrediction } from './sample-predictions.js';

const now = new Date('2025-03-05T00:00:00Z');
const predictions = new Map<string, ServedPredictionView | null>([
  ['e1', engagementPrediction('e1', 0.05)],
  ['g1', growthForecast('g1', 10)],
  ['v1', viralPrediction('v1', 0.3)],
  ['g-flat', growthForecast('g-flat', 0)],
  ['g-unscaled', growthForecast('g-unscaled', 10, { features: [] })],
]);
const scales = new Map([
  ['g1', 10],
  ['g-flat', 0],
]);
const check = (items: FeedbackItem[]) => checkFeedback(items, { predictions, scales, source: 'CLIENT', now });
const item = (predictionId: string, outcome: FeedbackItem['outcome'], path = 'items[0]'): FeedbackItem => ({ predictionId, outcome, path });
const issuesOf = (items: FeedbackItem[]) => {
  const result = check(items);
  if (result.ok) throw new Error('expected issues');
  return result.issues.map((i) => [i.field, i.message]);
};

describe('checking feedback against the served prediction', () => {
  it('an engagement rate: error |predicted − observed|, one pair', () => {
    const result = check([item('e1', { engagementRate: 0.08, rating: 4, comment: 'close' })]);
    expect(result.ok).toBe(true);
    const [record] = (result as { records: NewFeedback[] }).records;
    expect(record).toMatchObject({ predictionId: 'e1', modelId: 'engagement', modelVersion: '2.1.0', outcome: 'ENGAGEMENT_RATE', rating: 4, comment: 'close', source: 'CLIENT', scale: null, receivedAt: now });
    expect(record!.error).toBeCloseTo(0.03, 12);
    expect(record!.pairs).toEqual([{ date: null, predicted: 0.05, observed: 0.08, lower80: null, upper80: null, lower95: null, upper95: null }]);
  });

  it('a viral outcome: error (p − y)², the Brier score of one item', () => {
    const hit = (check([item('v1', { viral: true })]) as { records: NewFeedback[] }).records[0]!;
    const miss = (check([item('v1', { viral: false })]) as { records: NewFeedback[] }).records[0]!;
    expect(hit.error).toBeCloseTo(0.49, 12);
    expect(miss.error).toBeCloseTo(0.09, 12);
    expect(hit.id).not.toBe(miss.id);
  });

  it('subscriber counts: the mean over the observed days of |predicted − observed| / the MASE scale, days in date order', () => {
    const result = check([item('g1', { subscriberCounts: [{ date: new Date('2025-03-04T00:00:00Z'), count: 1000 }, { date: '2025-03-02', count: 1030 }] })]);
    const record = (result as { records: NewFeedback[] }).records[0]!;
    // Forecast 1010 on the 2nd (observed 1030: 20 off), 1030 on the 4th (observed 1000: 30 off); scale 10.
    expect(record.error).toBeCloseTo((20 / 10 + 30 / 10) / 2, 12);
    expect(record.pairs.map((p) => [p.date, p.predicted, p.observed])).toEqual([
      ['2025-03-02', 1010, 1030],
      ['2025-03-04', 1030, 1000],
    ]);
    expect(record.scale).toBe(10);
  });

  it('a flat channel (scale 0) is judged in subscribers: the scale is floored at 1', () => {
    const record = (check([item('g-flat', { subscriberCounts: [{ date: '2025-03-02', count: 1000 }] })]) as { records: NewFeedback[] }).records[0]!;
    expect(record.scale).toBe(1);
    expect(record.error).toBe(10);
  });

  it('the same outcome gets the same id whatever the rating, comment or order of days; another outcome another id', () => {
    const a = (check([item('g1', { subscriberCounts: [{ date: '2025-03-02', count: 1 }, { date: '2025-03-03', count: 2 }] })]) as { records: NewFeedback[] }).records[0]!;
    const b = (check([item('g1', { subscriberCounts: [{ date: '2025-03-03', count: 2 }, { date: '2025-03-02', count: 1 }], rating: 2 })]) as { records: NewFeedback[] }).records[0]!;
    const c = (check([item('g1', { subscriberCounts: [{ date: '2025-03-02', count: 1 }, { date: '2025-03-03', count: 3 }] })]) as { records: NewFeedback[] }).records[0]!;
    expect(a.id).toBe(b.id);
    expect(c.id).not.toBe(a.id);
    expect(a.id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('names an unknown prediction at its predictionId', () => {
    expect(issuesOf([item('nope', { engagementRate: 0.1 }, 'items[3]')])).toEqual([['items[3].predictionId', expect.stringContaining('not the id of any served prediction')]]);
  });

  it('names the outcome of the wrong kind for the model, and the missing one', () => {
    expect(issuesOf([item('e1', { viral: true }, 'items[1]')])).toEqual([
      ['items[1].outcome.viral', expect.stringContaining('ENGAGEMENT_RATE prediction of model engagement, give `engagementRate`')],
      ['items[1].outcome.engagementRate', expect.stringContaining('is required')],
    ]);
    expect(issuesOf([item('g1', { engagementRate: 0.1, subscriberCounts: [{ date: '2025-03-02', count: 5 }] })])).toEqual([
      ['items[0].outcome.engagementRate', expect.stringContaining('give `subscriberCounts`')],
    ]);
  });

  it('refuses rates outside 0..1 and non-finite ones, counts below 0, days the forecast does not cover or given twice', () => {
    for (const rate of [-0.01, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(issuesOf([item('e1', { engagementRate: rate }, 'items[3]')])).toEqual([['items[3].outcome.engagementRate', expect.stringContaining('between 0 and 1')]]);
    }
    expect(
      issuesOf([
        item('g1', {
          subscriberCounts: [
            { date: '2025-03-02', count: -1 },
            { date: '2025-03-09', count: 5 },
            { date: '2025-03-03', count: 5 },
            { date: '2025-03-03', count: 6 },
          ],
        }),
      ]),
    ).toEqual([
      ['items[0].outcome.subscriberCounts[0].count', 'must be a whole number >= 0'],
      ['items[0].outcome.subscriberCounts[1].date', 'is not a day of forecast g1 (2025-03-02 to 2025-03-04)'],
      ['items[0].outcome.subscriberCounts[3].date', 'is given twice'],
    ]);
    expect(issuesOf([item('g1', { subscriberCounts: [] })])).toEqual([['items[0].outcome.subscriberCounts', 'must hold at least one observed day']]);
  });

  it('refuses a rating outside 1..5 and a comment longer than the limit, with the outcome otherwise fine', () => {
    expect(issuesOf([item('e1', { engagementRate: 0.1, rating: 6, comment: 'x'.repeat(COMMENT_MAX_CHARS + 1) }, '')])).toEqual([
      ['outcome.rating', 'must be between 1 and 5'],
      ['outcome.comment', `must be at most ${COMMENT_MAX_CHARS} characters`],
    ]);
  });

  it('refuses a forecast that carries no MASE scale rather than inventing one', () => {
    expect(issuesOf([item('g-unscaled', { subscriberCounts: [{ date: '2025-03-02', count: 5 }] })])).toEqual([['items[0].predictionId', expect.stringContaining('no usable MASE scale')]]);
  });
});

describe('submitting', () => {
  const deps = (stored: Map<string, FeedbackRecord>, writes: NewFeedback[][]): SubmitDeps => ({
    findPredictions: async (ids) => new Map(ids.map((id) => [id, predictions.get(id) ?? null])),
    async record(records): Promise<RecordOutcome> {
      const conflicts = records.flatMap((r, index) => {
        const existing = stored.get(r.predictionId);
        return existing && existing.id !== r.id ? [{ index, existing }] : [];
      });
      if (conflicts.length > 0) return { ok: false, conflicts };
      writes.push([...records]);
      return { ok: true, stored: records.map((r) => ({ ...r, seq: 1, processedBy: null })) };
    },
    now: () => now,
  });

  it('a batch with one bad item writes nothing and names every bad item', async () => {
    const writes: NewFeedback[][] = [];
    const attempt = submitFeedback(deps(new Map(), writes), [item('e1', { engagementRate: 0.1 }, 'items[0]'), item('v1', { viral: true }, 'items[1]'), item('e1', { engagementRate: 2 }, 'items[2]'), item('x', { viral: true }, 'items[3]')], 'CLIENT');
    await expect(attempt).rejects.toBeInstanceOf(InvalidInputError);
    await expect(attempt).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'items[2].outcome.engagementRate', issues: [{ field: 'items[2].outcome.engagementRate' }, { field: 'items[3].predictionId' }] } });
    expect(writes).toEqual([]);
  });

  it('refuses more items than the limit before looking anything up', async () => {
    const writes: NewFeedback[][] = [];
    const many = Array.from({ length: 4 }, (_, i) => item('e1', { engagementRate: 0.1 }, `items[${i}]`));
    await expect(submitFeedback({ ...deps(new Map(), writes), findPredictions: () => Promise.reject(new Error('looked up')) }, many, 'CLIENT', 3)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'items' } });
  });

  it('one prediction given two different outcomes in one call is refused; the same one twice is one item', async () => {
    const writes: NewFeedback[][] = [];
    await expect(submitFeedback(deps(new Map(), writes), [item('e1', { engagementRate: 0.1 }, 'items[0]'), item('e1', { engagementRate: 0.2 }, 'items[1]')], 'CLIENT')).rejects.toMatchObject({ details: { field: 'items[1].outcome' } });
    expect(writes).toEqual([]);
    const same = await submitFeedback(deps(new Map(), writes), [item('e1', { engagementRate: 0.1 }, 'items[0]'), item('e1', { engagementRate: 0.1 }, 'items[1]')], 'CLIENT');
    expect(same[0]!.id).toBe(same[1]!.id);
  });

  it('a different outcome for a prediction that has feedback is refused naming the item and the stored feedback', async () => {
    const writes: NewFeedback[][] = [];
    const first = (await submitFeedback(deps(new Map(), writes), [item('e1', { engagementRate: 0.1 }, '')], 'CLIENT'))[0]!;
    const attempt = submitFeedback(deps(new Map([['e1', first]]), writes), [item('e1', { engagementRate: 0.3 }, '')], 'CLIENT');
    await expect(attempt).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'outcome', value: first.id } });
    await expect(attempt).rejects.toThrow(/feedback is final/);
  });
});
