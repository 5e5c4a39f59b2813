import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, InvalidInputError } from '@telepulse/platform';
import { testMongo } from '../../../test/support/mongo.js';
import { pollUntil } from '../../../test/support/poll.js';
import type { ExampleReader } from '../src/clients/learning-examples.js';
import { DEFAULT_LEARNING_RATE_CONFIG } from '../src/domain/learning-rate.js';
import { queuedJob } from '../src/domain/learning-job.js';
import { LearningJobs, type UpdateRunner } from '../src/jobs/learning-jobs.js';
import { ChallengerEvaluationStore } from '../src/store/challenger-evaluation-store.js';
import { LearningJobStore } from '../src/store/learning-job-store.js';
import { LearningLeaseStore } from '../src/store/learning-lease-store.js';
import { LearningRateStore } from '../src/store/learning-rate-store.js';
import { VersionStore } from '../src/store/version-store.js';
import { seedRegistry } from '../src/registry/seed-registry.js';
import { INPUT_SHAPES, type FeedbackExample } from '../src/domain/learning-data.js';

/**
 * Learning jobs' bookkeeping on a real MongoDB-compatible server: the lease and the states of a
 * job that dies. The training itself is exercised through the gateway (test/e2e/learning-jobs).
 */
describe('learning jobs on a real MongoDB-compatible server', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  beforeAll(async () => {
    mongo = await testMongo();
  });
  afterAll(() => mongo.drop());

  const build = (database: string, runUpdate: UpdateRunner, examples: ExampleReader) => {
    const db = mongo.db(database);
    const jobs = new LearningJobStore(db);
    const leases = new LearningLeaseStore(db, 400);
    const learning = new LearningJobs({
      jobs,
      leases,
      rates: new LearningRateStore(db, DEFAULT_LEARNING_RATE_CONFIG),
      evaluations: new ChallengerEvaluationStore(db),
      versions: new VersionStore(db),
      examples,
      runUpdate,
      settings: { epochs: 1, replaySize: 0, resamples: 100, maxExamples: 100 },
    });
    return { db, jobs, leases, learning };
  };
  const noExamples: ExampleReader = { read: async () => [] };
  const never: UpdateRunner = () => new Promise(() => undefined);

  it('refuses a model it cannot fine-tune naming modelId, and writes nothing', async () => {
    const { learning, jobs } = build('learning-refuse', never, noExamples);
    for (const modelId of ['content-viral', 'nope']) {
      const error = await learning.start(modelId, 'INCREMENTAL').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).details).toMatchObject({ field: 'modelId', value: modelId });
    }
    expect(await jobs.latestOf(['content-viral', 'nope'])).toEqual(new Map());
  });

  it('returns the job QUEUED at once; a second start while it runs is a CONFLICT naming it', async () => {
    let release!: () => void;
    const reading = new Promise<void>((resolve) => (release = resolve));
    const { learning } = build('learning-conflict', never, { read: () => reading.then(() => []) });
    const job = await learning.start('engagement', 'INCREMENTAL');
    expect(job).toMatchObject({ modelId: 'engagement', state: 'QUEUED', progress: 0 });
    const second = await learning.start('engagement', 'FULL_RETRAIN').catch((e: unknown) => e);
    expect(second).toBeInstanceOf(ConflictError);
    expect((second as ConflictError).details).toMatchObject({ field: 'modelId', jobId: job.id });
    // Its examples are too few: it fails with the reason and releases the lease.
    release();
    const failed = await pollUntil(() => learning.find([job.id]).then((found) => found.get(job.id)!), (j) => j.state === 'FAILED', { timeoutMs: 10_000, intervalMs: 25 });
    expect(failed.error).toContain('not fit to learn from');
    expect((await learning.start('engagement', 'INCREMENTAL')).state).toBe('QUEUED');
    await learning.stop();
  });

  it('after a restart, a RUNNING job whose lease expired is read FAILED with the reason, and a new job takes the model over', async () => {
    const { learning, jobs, leases } = build('learning-restart', never, noExamples);
    // What a process that died mid-training leaves: its job RUNNING, its lease taken, nothing registered.
    const dead = await jobs.insert(queuedJob('dead-job', 'engagement', 'INCREMENTAL', new Date()));
    await jobs.advance(dead.id, { state: 'RUNNING', progress: 0.4, step: 'training: epoch 2/4' });
    expect((await leases.take('engagement', dead.id)).taken).toBe(true);
    // While the lease lasts it is still taken for alive.
    expect((await learning.find([dead.id])).get(dead.id)?.state).toBe('RUNNING');
    const read = await pollUntil(() => learning.find([dead.id]).then((found) => found.get(dead.id)!), (j) => j.state === 'FAILED', { timeoutMs: 10_000, intervalMs: 25 });
    expect(read).toMatchObject({ state: 'FAILED', progress: 0.4, resultVersion: null, error: expect.stringContaining('abandoned') });
    const next = await learning.start('engagement', 'INCREMENTAL');
    expect((await leases.current('engagement'))?.owner).toBe(next.id);
    await learning.stop();
  });

  it('a job that loses its lease (taken over after it expired) stops its training and registers nothing', async () => {
    const [rows, columns] = INPUT_SHAPES.engagement;
    const examples: FeedbackExample[] = Array.from({ length: 50 }, (_, i) => ({
      feedbackId: `f${i}`,
      predictionId: `p${i}`,
      modelVersion: '2.1.0',
      receivedAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
      error: 0.01,
      label: { kind: 'ENGAGEMENT_RATE', engagementRate: 0.05 },
      input: { shape: [rows, columns], values: new Array<number>(rows * columns).fill(0.1) },
      origin: null,
    }));
    let training!: () => void;
    const started = new Promise<void>((resolve) => (training = resolve));
    // Trains until told to stop, as a worker does.
    const untilStopped: UpdateRunner = (_request, _progress, signal) =>
      new Promise((_resolve, reject) => {
        training();
        signal.addEventListener('abort', () => reject(signal.reason as Error));
      });
    const { learning, jobs, leases, db } = build('learning-lost-lease', untilStopped, { read: async () => examples });
    const versions = new VersionStore(db);
    await seedRegistry(versions.registry, ['engagement']);
    const before = (await versions.versionsOf(['engagement'])).get('engagement')!.map((v) => v.version);
    const job = await learning.start('engagement', 'INCREMENTAL');
    await started;
    expect((await jobs.findByIds([job.id])).get(job.id)).toMatchObject({ state: 'RUNNING', step: 'training in a worker thread' });
    // Another process found the lease expired (this one stalled) and took it over.
    await db.collection<{ _id: string }>('learning_leases').deleteOne({ _id: 'learning:engagement' });
    expect((await leases.take('engagement', 'other-job')).taken).toBe(true);
    const failed = await pollUntil(() => jobs.findByIds([job.id]).then((found) => found.get(job.id)!), (j) => j.state === 'FAILED', { timeoutMs: 10_000, intervalMs: 25 });
    expect(failed.error).toContain('lost model engagement');
    expect((await versions.versionsOf(['engagement'])).get('engagement')!.map((v) => v.version)).toEqual(before);
    // The new holder's lease is left alone.
    expect((await leases.current('engagement'))?.owner).toBe('other-job');
  });
});
