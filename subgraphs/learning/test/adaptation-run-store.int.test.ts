import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, InvalidInputError, NotFoundError, PreconditionError } from '@telepulse/platform';
import { testMongo } from '../../../test/support/mongo.js';
import { validateOutcome, validateStep } from '../src/domain/adaptation-run.js';
import { AdaptationRunStore } from '../src/store/adaptation-run-store.js';

const step = (name: string, startedAt: Date, result: unknown = { items: 3 }) => validateStep({ name, state: 'SUCCEEDED', startedAt, durationMs: 12.4, result });

describe('adaptation runs on a real MongoDB-compatible server', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  let store: AdaptationRunStore;
  beforeAll(async () => {
    mongo = await testMongo();
    store = new AdaptationRunStore(mongo.db('learning'));
  });
  afterAll(() => mongo.drop());

  it('lets one of two concurrent begins of a model win; the other is a CONFLICT naming the winner', async () => {
    const results = await Promise.allSettled([store.begin('engagement', 'MANUAL', 'alice'), store.begin('engagement', 'DRIFT_ALERT', 'gateway:adaptation')]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const reason = (lost[0] as PromiseRejectedResult).reason as ConflictError;
    expect(reason).toBeInstanceOf(ConflictError);
    expect(reason.details).toMatchObject({ modelId: 'engagement', runId: (won[0] as PromiseFulfilledResult<{ id: string }>).value.id });
    // Another model has a lease of its own.
    const growth = await store.begin('growth', 'SCHEDULE', null);
    expect(growth.state).toBe('RUNNING');
    await store.finish(growth.id, 'SKIPPED', 'no drift');
    await store.finish((won[0] as PromiseFulfilledResult<{ id: string }>).value.id, 'SUCCEEDED', null);
  });

  it('records each step once, in order, renews nothing after the end, and releases the lease on finish', async () => {
    const run = await store.begin('content-viral', 'MANUAL', 'alice');
    const t0 = new Date('2026-01-01T00:00:00Z');
    await store.recordStep(run.id, step('processFeedbackBatch', t0));
    await store.recordStep(run.id, step('processFeedbackBatch', t0, { items: 999 }));
    await store.recordStep(run.id, step('recordPerformance', new Date(t0.getTime() + 5)));
    const steps = (await store.stepsOf([run.id])).get(run.id)!;
    expect(steps.map((s) => [s.name, s.result])).toEqual([
      ['processFeedbackBatch', { items: 3 }],
      ['recordPerformance', { items: 3 }],
    ]);
    expect(steps[0]).toMatchObject({ state: 'SUCCEEDED', durationMs: 12, error: null });
    await expect(store.begin('content-viral', 'SCHEDULE', null)).rejects.toBeInstanceOf(ConflictError);
    const finished = await store.finish(run.id, 'FAILED', 'detectPerformanceDrift: drift is unavailable');
    expect(finished).toMatchObject({ state: 'FAILED', reason: 'detectPerformanceDrift: drift is unavailable', finishedAt: expect.any(Date) });
    // The first finish stays; a retried step of the ended run is found, a new one refused.
    expect(await store.finish(run.id, 'SUCCEEDED', null)).toMatchObject({ state: 'FAILED' });
    await expect(store.recordStep(run.id, step('processFeedbackBatch', t0))).resolves.toMatchObject({ id: run.id });
    await expect(store.recordStep(run.id, step('adaptLearningRate', t0))).rejects.toBeInstanceOf(PreconditionError);
    const next = await store.begin('content-viral', 'SCHEDULE', null);
    expect((await store.runsOfModel('content-viral', 10)).map((r) => r.id)).toEqual([next.id, run.id]);
    await store.finish(next.id, 'SKIPPED', 'no drift');
  });

  it('takes over a lease whose holder stopped recording steps, and marks its run FAILED', async () => {
    let now = new Date('2026-02-01T00:00:00Z');
    const timed = new AdaptationRunStore(mongo.db('learning'), 60_000, () => now);
    const dead = await timed.begin('lease-model', 'SCHEDULE', null);
    now = new Date(now.getTime() + 30_000);
    await timed.recordStep(dead.id, step('processFeedbackBatch', now));
    now = new Date(now.getTime() + 59_000);
    await expect(timed.begin('lease-model', 'MANUAL', 'bob')).rejects.toBeInstanceOf(ConflictError);
    now = new Date(now.getTime() + 2_000);
    const taker = await timed.begin('lease-model', 'MANUAL', 'bob');
    const runs = await timed.findRuns([dead.id, taker.id]);
    expect(runs.get(dead.id)).toMatchObject({ state: 'FAILED', reason: expect.stringMatching(/^abandoned/) });
    await expect(timed.recordStep(dead.id, step('recordPerformance', now))).rejects.toBeInstanceOf(PreconditionError);
    // The dead holder finishing late does not release the new holder's lease.
    await timed.finish(dead.id, 'SUCCEEDED', null);
    await expect(timed.begin('lease-model', 'SCHEDULE', null)).rejects.toBeInstanceOf(ConflictError);
    await timed.finish(taker.id, 'SUCCEEDED', null);
  });

  it('refuses unknown runs and broken steps or outcomes, naming the field', async () => {
    await expect(store.recordStep('no-such-run', step('x', new Date()))).rejects.toBeInstanceOf(NotFoundError);
    expect(() => validateStep({ name: '1bad name', state: 'SUCCEEDED', startedAt: new Date(), durationMs: 1 })).toThrow(InvalidInputError);
    expect(() => validateStep({ name: 'ok', state: 'FAILED', startedAt: new Date(), durationMs: 1 })).toThrow(/step\.error/);
    expect(() => validateStep({ name: 'ok', state: 'SUCCEEDED', startedAt: new Date(), durationMs: -1 })).toThrow(/step\.durationMs/);
    expect(() => validateOutcome('RUNNING', null)).toThrow(/outcome/);
    expect(() => validateOutcome('FAILED', null)).toThrow(/reason/);
    expect(validateOutcome('SUCCEEDED', undefined)).toEqual({ outcome: 'SUCCEEDED', reason: null });
  });
});
