import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateChannels, type ChannelRecord } from '@telepulse/dataset';
import { seedChannels } from '@telepulse/devstack/seed';
import { SeededRandom } from '@telepulse/drift/calibration/random';
import { testMongo } from '../support/mongo.js';
import { pollUntil } from '../support/poll.js';
import { startStack } from '../support/stack.js';

const [channel] = simulateChannels({ seed: 31, channels: 6, days: 60, idPrefix: 'lj' }).filter((c) => c.posts.length > 40) as [ChannelRecord];

const BATCH_PREDICT = `mutation($r: [EngagementRequestInput!]!) { batchPredictEngagement(requests: $r) { id predictedEngagement modelVersion } }`;
const FEEDBACK = `mutation($items: [FeedbackItemInput!]!) { submitFeedbackBatch(items: $items) { id } }`;
const UPDATE = `mutation { performIncrementalUpdate(modelId: "engagement") { id state progress step strategy model { id } } }`;
const EVALUATION = `evaluation { champion challenger heldOutItems championError challengerError difference low high decision reason }`;
const JOB = `query($id: ID!) { learningJob(id: $id) { id state progress step error resultVersion finishedAt ${EVALUATION} } }`;
const MODEL = `{ engagementModel { version } model(id: "engagement") {
  versions { version origin active lineage { parentVersion strategy feedbackUsed replayUsed heldOut learningRate epochs dataFrom dataTo } }
  candidates { version active ${EVALUATION} }
  learningProgress { id state }
} }`;
// Tiny training: a few epochs, no replay (regenerating the training data takes seconds), a rate that moves in few steps.
const LEARNING_ENV = { LEARNING_EPOCHS: '4', LEARNING_REPLAY_SIZE: '0', LEARNING_INITIAL_RATE: '0.01', LEARNING_BOOTSTRAP_RESAMPLES: '1000', DRIFT_POLL_MS: '0', FEEDBACK_POLL_MS: '0' };
const PREDICTIONS = 150;

type Served = { id: string; predictedEngagement: number; modelVersion: string };
type Job = { id: string; state: string; progress: number; step: string; error: string | null; resultVersion: string | null; evaluation: Record<string, unknown> | null };

/** A stack with PREDICTIONS distinct engagement predictions served, each fed back with `observed(predicted, i)`. */
async function stackWithFeedback(observed: (predicted: number, i: number) => number) {
  const mongo = await testMongo();
  const stack = await startStack({ mongodbUri: mongo.uri, prefix: mongo.prefix, env: LEARNING_ENV });
  await seedChannels(stack.query, [channel]);
  const requests = Array.from({ length: PREDICTIONS }, (_, i) => ({
    channelId: channel.id,
    features: { hourOfDay: i % 24, dayOfWeek: Math.floor(i / 24) % 7, contentLength: 40 + i * 3, hasMedia: i % 3 === 0 },
  }));
  const predicted = await stack.query(BATCH_PREDICT, { r: requests });
  expect(predicted.errors).toBeUndefined();
  const served = predicted.data!.batchPredictEngagement as Served[];
  expect(new Set(served.map((s) => s.id)).size).toBe(PREDICTIONS);
  // In a few batches, so the feedback arrives over time (the held-out set is the most recent 20 %).
  for (let start = 0; start < PREDICTIONS; start += 50) {
    const items = served.slice(start, start + 50).map((s, k) => ({ predictionId: s.id, outcome: { engagementRate: Math.min(1, Math.max(0, observed(s.predictedEngagement, start + k))) } }));
    const fed = await stack.query(FEEDBACK, { items });
    expect(fed.errors).toBeUndefined();
  }
  return { mongo, stack, served };
}

async function runUpdate(stack: Awaited<ReturnType<typeof startStack>>): Promise<Job> {
  const started = await stack.query(UPDATE);
  expect(started.errors).toBeUndefined();
  const job = started.data!.performIncrementalUpdate;
  // Returned at once, before any training.
  expect(job).toMatchObject({ state: 'QUEUED', progress: 0, strategy: 'INCREMENTAL', model: { id: 'engagement' } });
  return pollUntil(
    async () => (await stack.query(JOB, { id: job.id })).data!.learningJob as Job,
    (j) => j.state === 'SUCCEEDED' || j.state === 'FAILED',
    { timeoutMs: 120_000, intervalMs: 200 },
  );
}

describe('learning from a shifted distribution through the gateway', () => {
  let env: Awaited<ReturnType<typeof stackWithFeedback>>;
  beforeAll(async () => {
    // Every post engages 1.8 times what the model expects: a consistent shift the model can learn.
    env = await stackWithFeedback((predicted) => predicted * 1.8);
  });
  afterAll(async () => {
    await env?.stack.stop();
    await env?.mongo.drop();
  });

  it('validates the fed-back examples: all usable, 20 % held out', async () => {
    const result = await env.stack.query(`{ validateLearningData(modelId: "engagement") { valid examples heldOut errors { field message } warnings { field } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data!.validateLearningData).toEqual({ valid: true, examples: PREDICTIONS, heldOut: PREDICTIONS * 0.2, errors: [], warnings: [] });
  });

  it('fine-tunes off the request path and activates the new version, whose held-out error beats the champion beyond noise', async () => {
    const champion = env.served[0]!.modelVersion;
    const job = await runUpdate(env.stack);
    expect(job.error).toBeNull();
    expect(job).toMatchObject({ state: 'SUCCEEDED', progress: 1 });
    expect(job.evaluation).toMatchObject({ champion, challenger: job.resultVersion, heldOutItems: PREDICTIONS * 0.2, decision: 'ACTIVATED' });
    const evaluation = job.evaluation as { championError: number; challengerError: number; high: number };
    expect(evaluation.challengerError).toBeLessThan(evaluation.championError);
    expect(evaluation.high).toBeLessThan(0);

    const model = (await env.stack.query(MODEL)).data!.model;
    const learned = model.versions.find((v: { version: string }) => v.version === job.resultVersion);
    expect(learned).toMatchObject({
      origin: 'learning',
      active: true,
      lineage: { parentVersion: champion, strategy: 'INCREMENTAL', feedbackUsed: PREDICTIONS * 0.8, replayUsed: 0, heldOut: PREDICTIONS * 0.2, learningRate: 0.01, epochs: 4 },
    });
    expect(model.learningProgress).toEqual({ id: job.id, state: 'SUCCEEDED' });
    expect(model.candidates).toEqual([]);
    // The engagement subgraph follows learning: it serves the new version without a restart.
    await pollUntil(
      async () => (await env.stack.query(`{ engagementModel { version } }`)).data!.engagementModel.version as string,
      (version) => version === job.resultVersion,
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    const next = await env.stack.query(BATCH_PREDICT, { r: [{ channelId: channel.id, features: { hourOfDay: 9, dayOfWeek: 3, contentLength: 999, hasMedia: false } }] });
    expect(next.data!.batchPredictEngagement[0].modelVersion).toBe(job.resultVersion);
  });

  it('refuses a model learning cannot fine-tune, naming modelId, and an update without the admin scope', async () => {
    const viral = await env.stack.query(`mutation { performIncrementalUpdate(modelId: "content-viral") { id } }`);
    expect(viral.errors?.[0]).toMatchObject({ message: expect.stringContaining('cannot be updated by learning'), extensions: { code: 'BAD_USER_INPUT', field: 'modelId' } });
    const forbidden = await env.stack.query(UPDATE, {}, { token: await env.stack.token({ scopes: ['predict', 'feedback'] }) });
    expect(forbidden.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('learning from feedback that is only noise around the predictions', () => {
  let env: Awaited<ReturnType<typeof stackWithFeedback>>;
  beforeAll(async () => {
    const random = new SeededRandom(5);
    // ±30 % around what the model said, symmetric: nothing to learn.
    env = await stackWithFeedback((predicted) => predicted * (1 + (random.next() * 2 - 1) * 0.3));
  });
  afterAll(async () => {
    await env?.stack.stop();
    await env?.mongo.drop();
  });

  it('adapts the learning rate: halved after a plateau of 3, a retry counted once, refused for a model learning cannot train', async () => {
    const adapt = (performance: number, drift: string | null = null) =>
      env.stack.query(`mutation($p: Float!, $d: DriftSeverity) { adaptLearningRate(modelId: "engagement", performance: $p, drift: $d) { model { id } rate best badEpochs cooldownLeft updatedAt } }`, { p: performance, d: drift });
    for (const performance of [0.02, 0.021, 0.022]) expect((await adapt(performance)).errors).toBeUndefined();
    // The same observation again (a retried call) is no new evidence.
    expect((await adapt(0.022)).data!.adaptLearningRate).toMatchObject({ rate: 0.01, best: 0.02, badEpochs: 2, cooldownLeft: 0 });
    const halved = (await adapt(0.023)).data!.adaptLearningRate;
    expect(halved).toMatchObject({ model: { id: 'engagement' }, rate: 0.005, best: 0.02, badEpochs: 0, cooldownLeft: 2 });
    const read = await env.stack.query(`{ model(id: "engagement") { learningRate { rate badEpochs cooldownLeft updatedAt } } }`);
    expect(read.data!.model.learningRate).toEqual({ rate: 0.005, badEpochs: 0, cooldownLeft: 2, updatedAt: halved.updatedAt });
    const viral = await env.stack.query(`mutation { adaptLearningRate(modelId: "content-viral", performance: 0.1) { rate } }`);
    expect(viral.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'modelId' });
  });

  it('keeps the challenger (trained at the adapted rate) as a candidate with its evidence, and the active version stays', async () => {
    const champion = env.served[0]!.modelVersion;
    const job = await runUpdate(env.stack);
    expect(job.error).toBeNull();
    expect(job.state).toBe('SUCCEEDED');
    expect(job.evaluation).toMatchObject({ champion, challenger: job.resultVersion, decision: 'KEPT_AS_CANDIDATE' });
    const evaluation = job.evaluation as { low: number; high: number };
    expect(evaluation.high).toBeGreaterThanOrEqual(0);

    const read = (await env.stack.query(MODEL)).data!;
    const model = read.model;
    // Learning's registry and the engagement subgraph (which follows it) both still have the champion.
    expect(read.engagementModel.version).toBe(champion);
    expect(model.versions.find((v: { active: boolean }) => v.active).version).toBe(champion);
    expect(model.candidates).toEqual([{ version: job.resultVersion, active: false, evaluation: job.evaluation }]);
    // The next update used the rate the schedule had come to.
    expect(model.versions.find((v: { version: string }) => v.version === job.resultVersion).lineage).toMatchObject({ parentVersion: champion, learningRate: 0.005 });
  });

  it('raises the rate again after a MEDIUM drift, up to the initial rate', async () => {
    const raised = await env.stack.query(`mutation { adaptLearningRate(modelId: "engagement", performance: 0.05, drift: MEDIUM) { rate best badEpochs cooldownLeft } }`);
    expect(raised.data!.adaptLearningRate).toEqual({ rate: 0.01, best: 0.05, badEpochs: 0, cooldownLeft: 0 });
  });
});
