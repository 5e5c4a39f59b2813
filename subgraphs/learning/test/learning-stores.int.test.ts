import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testMongo } from '../../../test/support/mongo.js';
import { DEFAULT_LEARNING_RATE_CONFIG } from '../src/domain/learning-rate.js';
import { queuedJob } from '../src/domain/learning-job.js';
import { LearningJobStore } from '../src/store/learning-job-store.js';
import { LearningLeaseStore } from '../src/store/learning-lease-store.js';
import { LearningRateStore } from '../src/store/learning-rate-store.js';

describe('learning stores on a real MongoDB-compatible server', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  beforeAll(async () => {
    mongo = await testMongo();
  });
  afterAll(() => mongo.drop());

  it('of two concurrent takers of a model\'s learning lease exactly one wins; the other hears who holds it', async () => {
    const leases = new LearningLeaseStore(mongo.db('learning'), 60_000);
    const [a, b] = await Promise.all([leases.take('engagement', 'job-a'), leases.take('engagement', 'job-b')]);
    const winners = [a, b].filter((r) => r.taken);
    expect(winners).toHaveLength(1);
    const loser = [a, b].find((r) => !r.taken)!;
    expect(loser.taken === false && loser.heldBy.owner).toBe(winners[0]!.taken && winners[0]!.lease.owner);
    // Another model's lease is its own.
    expect((await leases.take('growth', 'job-c')).taken).toBe(true);
  });

  it('takes over an expired lease (its holder died), and the dead holder can no longer renew it', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const leases = new LearningLeaseStore(mongo.db('learning-expiry'), 1000, () => now);
    expect((await leases.take('engagement', 'dead')).taken).toBe(true);
    now = new Date(now.getTime() + 500);
    expect(await leases.take('engagement', 'early')).toMatchObject({ taken: false, heldBy: { owner: 'dead' } });
    expect(await leases.renew('engagement', 'dead')).toBe(true);
    now = new Date(now.getTime() + 1001);
    const [x, y] = await Promise.all([leases.take('engagement', 'next-1'), leases.take('engagement', 'next-2')]);
    expect([x, y].filter((r) => r.taken)).toHaveLength(1);
    const winner = [x, y].find((r) => r.taken)!;
    expect(winner.taken && winner.tookOverFrom?.owner).toBe('dead');
    expect(await leases.renew('engagement', 'dead')).toBe(false);
    await leases.release('engagement', 'dead');
    expect((await leases.current('engagement'))?.owner).toBe(winner.taken && winner.lease.owner);
  });

  it('moves a job on until it finishes, and never revives a finished job', async () => {
    const jobs = new LearningJobStore(mongo.db('learning'));
    const job = await jobs.insert(queuedJob('job-1', 'engagement', 'INCREMENTAL', new Date()));
    expect(await jobs.advance(job.id, { state: 'RUNNING', progress: 0.3, step: 'training' })).toBe(true);
    expect(await jobs.fail(job.id, 'abandoned')).toBe(true);
    expect(await jobs.advance(job.id, { progress: 0.9, step: 'evaluating' })).toBe(false);
    expect(await jobs.succeed(job.id, '2.1.1', null, 'done')).toBe(false);
    expect((await jobs.findByIds([job.id])).get(job.id)).toMatchObject({ state: 'FAILED', error: 'abandoned', progress: 0.3, resultVersion: null });
    await jobs.insert(queuedJob('job-2', 'engagement', 'FULL_RETRAIN', new Date(Date.now() + 1000)));
    expect((await jobs.latestOf(['engagement', 'growth'])).get('engagement')?.id).toBe('job-2');
    expect((await jobs.unfinishedOf('engagement')).map((j) => j.id)).toEqual(['job-2']);
  });

  it('applies concurrent learning-rate observations one after the other, and a retried one once', async () => {
    const rates = new LearningRateStore(mongo.db('learning'), DEFAULT_LEARNING_RATE_CONFIG);
    expect(await rates.rateOf('engagement')).toBe(DEFAULT_LEARNING_RATE_CONFIG.initialRate);
    await rates.observe('engagement', 0.1, null);
    await Promise.all([rates.observe('engagement', 0.2, null), rates.observe('engagement', 0.3, null), rates.observe('engagement', 0.4, null)]);
    const state = (await rates.statesOf(['engagement'])).get('engagement')!;
    expect(state).toMatchObject({ revision: 4, rate: DEFAULT_LEARNING_RATE_CONFIG.initialRate / 2, best: 0.1, cooldownLeft: 2 });
    const retried = await rates.observe('engagement', state.last!.performance, null);
    expect(retried.revision).toBe(4);
    expect((await rates.statesOf(['engagement'])).get('engagement')!.revision).toBe(4);
  });
});
