import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateChannels, type ChannelRecord } from '@telepulse/dataset';
import { seedChannels } from '@telepulse/devstack/seed';
import drift from '@telepulse/drift/subgraph';
import learning from '@telepulse/learning/subgraph';
import { testMongo } from '../support/mongo.js';
import { pollUntil } from '../support/poll.js';
import { serveEngagement, shiftedEngagementFeedback, type ServedEngagement } from '../support/shifted-engagement.js';
import { startStack } from '../support/stack.js';

const [channel] = simulateChannels({ seed: 41, channels: 6, days: 60, idPrefix: 'ap' }).filter((c) => c.posts.length > 40) as [ChannelRecord];

const FEEDBACK = `mutation($items: [FeedbackItemInput!]!) { submitFeedbackBatch(items: $items) { id } }`;
const START = `mutation($m: ID!) { startAdaptivePipeline(modelId: $m) { id state trigger model { id } } }`;
const COORDINATE = `mutation($m: ID!, $t: AdaptationTrigger!) { coordinateAdaptation(modelId: $m, trigger: $t) { id state } }`;
const RUN = `query($id: ID!) { adaptationRun(id: $id) { id trigger state reason requestedBy startedAt finishedAt model { id } steps { name state durationMs result error } } }`;
const RUNS = `{ model(id: "engagement") { adaptationRuns(limit: 5) { id trigger state reason steps { name state result error } learningJob { id resultVersion evaluation { challenger decision } } } } }`;
const VERSIONS = `{ model(id: "engagement") { versions { version active origin } } }`;

interface Run {
  id: string;
  trigger: string;
  state: string;
  reason: string | null;
  requestedBy: string | null;
  steps: { name: string; state: string; durationMs: number; result: any; error: string | null }[];
  learningJob?: { id: string; resultVersion: string | null; evaluation: { challenger: string; decision: string } | null } | null;
}

/**
 * The adaptive pipeline through the gateway: runs begun by the gateway's own mutations, carried
 * out as operations against its own supergraph, recorded by learning; started on demand and by
 * the drift alert the gateway receives on its own subscription.
 */
describe('the adaptive pipeline through the gateway', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  let served: ServedEngagement[] = [];

  const runOf = async (id: string) => (await stack.query<{ adaptationRun: Run }>(RUN, { id })).data!.adaptationRun;
  const finished = (id: string) => pollUntil(() => runOf(id), (run) => run.state !== 'RUNNING', { timeoutMs: 90_000, intervalMs: 100 });
  const activeVersion = async () => (await stack.query(VERSIONS)).data!.model.versions.find((v: { active: boolean }) => v.active)?.version as string;

  beforeAll(async () => {
    mongo = await testMongo();
    stack = await startStack({
      mongodbUri: mongo.uri,
      prefix: mongo.prefix,
      env: {
        DRIFT_POLL_MS: '200',
        FEEDBACK_POLL_MS: '0',
        ADAPTATION_ON_DRIFT: 'true',
        ADAPTATION_MIN_SEVERITY: 'LOW',
        ADAPTATION_POLL_MS: '100',
        SUBSCRIPTION_RETRY_WAIT_MS: '100',
        // A small update: a few epochs, no replay (regenerating the training data takes seconds), a short bootstrap.
        LEARNING_EPOCHS: '2',
        LEARNING_REPLAY_SIZE: '0',
        LEARNING_BOOTSTRAP_RESAMPLES: '200',
        // Learning reads 320 examples with their inputs through the gateway while two cores also serve the stack.
        GATEWAY_TIMEOUT_MS: '30000',
      },
    });
    await seedChannels(stack.query, [channel]);
    served = await serveEngagement(stack.query, channel.id, 320);
  });
  afterAll(async () => {
    await stack?.stop();
    await mongo?.drop();
  });

  it('runs on demand as the caller, recording each step; with nothing fed back it ends SKIPPED after detection', async () => {
    const started = await stack.query(START, { m: 'engagement' });
    expect(started.errors).toBeUndefined();
    expect(started.data!.startAdaptivePipeline).toMatchObject({ trigger: 'MANUAL', model: { id: 'engagement' } });
    const run = await finished(started.data!.startAdaptivePipeline.id);
    expect(run).toMatchObject({ state: 'SKIPPED', requestedBy: 'developer', reason: expect.stringMatching(/^nothing to learn from/) });
    expect(run.steps.map((s) => [s.name, s.state])).toEqual([
      ['processFeedbackBatch', 'SUCCEEDED'],
      ['recordPerformance', 'SKIPPED'],
      ['detectPerformanceDrift', 'SUCCEEDED'],
    ]);
    expect(run.steps[0]!.result).toMatchObject({ items: 0 });
    expect(run.steps[2]!.result).toMatchObject({ severity: 'NONE', detected: 'NONE' });
  });

  it('lets one of two concurrent coordinateAdaptation of a model begin; the other is a CONFLICT naming the run', async () => {
    const [a, b] = await Promise.all([stack.query(COORDINATE, { m: 'engagement', t: 'SCHEDULE' }), stack.query(COORDINATE, { m: 'engagement', t: 'MANUAL' })]);
    const won = [a, b].filter((r) => !r.errors);
    const lost = [a, b].filter((r) => r.errors);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', runId: won[0]!.data!.coordinateAdaptation.id });
    await finished(won[0]!.data!.coordinateAdaptation.id);
  });

  it('refuses callers without the admin scope, and models that take no feedback', async () => {
    const reader = await stack.token({ scopes: ['predict'] });
    const forbidden = await stack.query(START, { m: 'engagement' }, { token: reader });
    expect(forbidden.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const anonymous = await stack.query(START, { m: 'engagement' }, { token: null });
    expect(anonymous.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    const cnn = await stack.query(START, { m: 'content-cnn' });
    expect(cnn.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'modelId' });
  });

  it('ends a run FAILED at the step whose subgraph is down, with the reason, running nothing after it and leaving the active version as it was', async () => {
    const before = await activeVersion();
    await stack.stopSubgraph(drift);
    try {
      const started = await stack.query(COORDINATE, { m: 'engagement', t: 'MANUAL' });
      expect(started.errors).toBeUndefined();
      const run = await finished(started.data!.coordinateAdaptation.id);
      expect(run.state).toBe('FAILED');
      expect(run.reason).toMatch(/^detectPerformanceDrift failed: .*drift/);
      expect(run.steps.map((s) => [s.name, s.state])).toEqual([
        ['processFeedbackBatch', 'SUCCEEDED'],
        ['recordPerformance', 'SKIPPED'],
        ['detectPerformanceDrift', 'FAILED'],
      ]);
      expect(run.steps[2]!.error).toMatch(/unavailable/);
    } finally {
      await stack.restartSubgraph(drift);
    }
    expect(await activeVersion()).toBe(before);
  });

  it('begins no run while learning, which records runs, is down: SERVICE_UNAVAILABLE naming it, and nothing happens', async () => {
    await stack.stopSubgraph(learning);
    try {
      const refused = await stack.query(START, { m: 'engagement' });
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
      expect(refused.errors?.[0]?.message).toMatch(/learning/);
    } finally {
      await stack.restartSubgraph(learning);
    }
    const runs = (await stack.query(RUNS)).data!.model.adaptationRuns as Run[];
    expect(runs.every((run) => run.state !== 'RUNNING')).toBe(true);
  });

  it('starts on its own when the drift alert arrives: every step recorded, a new version made and judged on held-out feedback', async () => {
    // Drift and learning were stopped and started again by the tests above: the gateway's own
    // subscription to drift alerts has come back by itself, or no run would start here.
    const before = await activeVersion();
    // Observed rates within ≈ 0.005 of the prediction for the first 200, then ≈ 0.05 off.
    const items = shiftedEngagementFeedback(served, { seed: 7 });
    const fed = await stack.query(FEEDBACK, { items });
    expect(fed.errors).toBeUndefined();
    const runs = await pollUntil(
      () => stack.query(RUNS).then((res) => (res.data?.model.adaptationRuns ?? []) as Run[]),
      (list) => list.some((run) => run.trigger === 'DRIFT_ALERT' && run.state !== 'RUNNING'),
      { timeoutMs: 120_000, intervalMs: 200 },
    );
    const run = runs.find((x) => x.trigger === 'DRIFT_ALERT')!;
    expect(run.state, run.reason ?? '').toBe('SUCCEEDED');
    expect(run.steps.map((s) => s.name)).toEqual([
      'processFeedbackBatch',
      'recordPerformance',
      'detectPerformanceDrift',
      'adaptLearningRate',
      'performIncrementalUpdate',
      'waitForLearningJob',
      'championChallenger',
    ]);
    expect(run.steps.every((s) => s.state === 'SUCCEEDED')).toBe(true);
    expect(run.steps[0]!.result).toMatchObject({ items: 320 });
    expect(run.steps[2]!.result.severity).toMatch(/^(LOW|MEDIUM|HIGH)$/);
    const evaluation = run.steps[6]!.result;
    const versions = (await stack.query(VERSIONS)).data!.model.versions as { version: string; active: boolean }[];
    expect(versions.map((v) => v.version)).toContain(evaluation.challenger);
    // Activated only on evidence: the active version is the challenger exactly when the interval of the difference lies below 0.
    expect(evaluation.decision).toBe(evaluation.high < 0 ? 'ACTIVATED' : 'KEPT_AS_CANDIDATE');
    expect(await activeVersion()).toBe(evaluation.decision === 'ACTIVATED' ? evaluation.challenger : before);
    // The run names its learning job, whose evaluation is the evidence its last step recorded.
    expect(run.learningJob).toEqual({ id: run.steps[4]!.result.jobId, resultVersion: evaluation.challenger, evaluation: { challenger: evaluation.challenger, decision: evaluation.decision } });
    expect(runs.filter((x) => x.state === 'SKIPPED').every((x) => x.learningJob === null)).toBe(true);
  });
});
