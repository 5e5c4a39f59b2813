import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Supergraph } from '@apollo/federation-internals';
import { getOperationAST, validate, type DocumentNode } from 'graphql';
import { supergraphPath } from '@telepulse/platform/repo-layout';
import { supergraphForGateway } from '../../src/supergraph.js';
import { runPipeline, type RunRequest } from '../../src/adaptation/pipeline/run-pipeline.js';
import { OperationError, type SupergraphCall } from '../../src/adaptation/pipeline/loopback-caller.js';

/** The API schema clients see, from the committed supergraph: every step document must be valid against it. */
const apiSchema = Supergraph.build(supergraphForGateway(readFileSync(supergraphPath, 'utf8'))).apiSchema().toGraphQLJSSchema();

type Answer = (variables: Record<string, any>) => unknown;

/**
 * A supergraph stand-in: each operation the runner sends is validated against the real composed
 * API schema, recorded with its variables, and answered by `answers[operationName]` (a function
 * throwing stands for a refusal). Steps recorded on the run are kept in order.
 */
function fakeSupergraph(answers: Record<string, Answer>) {
  const calls: { operation: string; variables: Record<string, any> }[] = [];
  const steps: Record<string, any>[] = [];
  let finish: Record<string, any> | undefined;
  const call: SupergraphCall = async (document, variables) => {
    const [invalid] = validate(apiSchema, document as DocumentNode);
    if (invalid) throw new Error(`invalid against the supergraph: ${invalid.message}`);
    const operation = getOperationAST(document as DocumentNode)!.name!.value;
    calls.push({ operation, variables });
    if (operation === 'RecordAdaptationStep') {
      steps.push((variables as Record<string, any>).step);
      return { recordAdaptationStep: { id: 'run-1' } } as never;
    }
    if (operation === 'FinishAdaptationRun') {
      finish = variables;
      return { finishAdaptationRun: { id: 'run-1', state: variables.outcome } } as never;
    }
    const answer = answers[operation];
    if (!answer) throw new Error(`unexpected operation ${operation}`);
    return answer(variables) as never;
  };
  return { call, calls, steps, finished: () => finish };
}

const versionMetrics = (version: string, count: number, mae: number) => ({ version, count, mae, bias: 0.001, coverage80: null, coverage95: null, mase: null, auc: null, brier: null });
const batch = (items: number) => () => ({ processFeedbackBatch: { id: 'batch-1', items, byVersion: items ? [versionMetrics('2.0.0', 5, 0.02), versionMetrics('2.1.0', items - 5, 0.04)] : [] } });
const detection = (severity: string) => () => ({
  detectPerformanceDrift: { modelVersion: '2.1.0', itemsRead: 40, windowMeanError: 0.05, severity, reason: `severity ${severity}`, alerts: severity === 'NONE' ? [] : [{ id: 'alert-1', severity }] },
});
const job = (state: string, extra: Record<string, unknown> = {}) => ({
  learningJob: { id: 'job-1', state, progress: state === 'SUCCEEDED' ? 1 : 0.5, step: state === 'SUCCEEDED' ? 'done' : 'training', error: null, resultVersion: null, evaluation: null, ...extra },
});
const evaluation = { champion: '2.1.0', challenger: '2.2.0', heldOutItems: 60, championError: 0.05, challengerError: 0.03, difference: -0.02, low: -0.03, high: -0.01, decision: 'ACTIVATED', reason: 'the interval lies below 0' };

const base: Record<string, Answer> = {
  ProcessFeedbackBatch: batch(40),
  RecordPerformance: ({ metrics }) => ({ recordPerformance: { id: 'point-1', version: metrics.version, error: metrics.mae } }),
  DetectPerformanceDrift: detection('MEDIUM'),
  AdaptLearningRate: () => ({ adaptLearningRate: { rate: 0.002, best: 0.04, badEpochs: 0, cooldownLeft: 1 } }),
  PerformIncrementalUpdate: ({ strategy }) => ({ performIncrementalUpdate: { id: 'job-1', state: 'QUEUED', strategy } }),
  LearningJob: () => job('SUCCEEDED', { resultVersion: '2.2.0', evaluation }),
};

const settings = { jobTimeoutMs: 5_000, pollMs: 1 };
const live = new AbortController().signal;
const request = (trigger: RunRequest['trigger'], alert: RunRequest['alert'] = null): RunRequest => ({ runId: 'run-1', modelId: 'engagement', trigger, alert });

describe('runPipeline, with the step documents validated against the composed supergraph', () => {
  it('runs every step on drift, in order, records the batch of the main version and the switch decision, and ends SUCCEEDED', async () => {
    let polls = 0;
    const fake = fakeSupergraph({ ...base, LearningJob: () => (++polls < 3 ? job('RUNNING') : job('SUCCEEDED', { resultVersion: '2.2.0', evaluation })) });
    const outcome = await runPipeline(fake.call, request('SCHEDULE'), settings, live);
    expect(outcome).toEqual({ outcome: 'SUCCEEDED', reason: 'version 2.2.0 activated: the interval lies below 0' });
    expect(fake.steps.map((s) => [s.name, s.state])).toEqual([
      ['processFeedbackBatch', 'SUCCEEDED'],
      ['recordPerformance', 'SUCCEEDED'],
      ['detectPerformanceDrift', 'SUCCEEDED'],
      ['adaptLearningRate', 'SUCCEEDED'],
      ['performIncrementalUpdate', 'SUCCEEDED'],
      ['waitForLearningJob', 'SUCCEEDED'],
      ['championChallenger', 'SUCCEEDED'],
    ]);
    // The point is the version most items were served by, keyed by the batch; the rate learns from its error.
    expect(fake.calls.find((c) => c.operation === 'RecordPerformance')!.variables.metrics).toEqual({ version: '2.1.0', items: 35, mae: 0.04, bias: 0.001, idempotencyKey: 'adaptation:batch-1' });
    expect(fake.calls.find((c) => c.operation === 'AdaptLearningRate')!.variables).toEqual({ modelId: 'engagement', performance: 0.04, drift: 'MEDIUM' });
    expect(fake.calls.find((c) => c.operation === 'PerformIncrementalUpdate')!.variables.strategy).toBe('INCREMENTAL');
    expect(fake.steps[5]!.result).toMatchObject({ resultVersion: '2.2.0', polls: 3 });
    expect(fake.steps[6]!.result).toEqual(evaluation);
    expect(fake.finished()).toEqual({ runId: 'run-1', outcome: 'SUCCEEDED', reason: outcome.reason });
  });

  it('retrains fully on HIGH drift and says when the challenger was kept as a candidate', async () => {
    const kept = { ...evaluation, challengerError: 0.05, difference: 0, low: -0.01, high: 0.01, decision: 'KEPT_AS_CANDIDATE', reason: 'the interval includes 0' };
    const fake = fakeSupergraph({ ...base, DetectPerformanceDrift: detection('HIGH'), LearningJob: () => job('SUCCEEDED', { resultVersion: '2.2.0', evaluation: kept }) });
    const outcome = await runPipeline(fake.call, request('SCHEDULE'), settings, live);
    expect(fake.calls.find((c) => c.operation === 'PerformIncrementalUpdate')!.variables.strategy).toBe('FULL_RETRAIN');
    expect(outcome.reason).toBe('version 2.2.0 kept as a candidate (2.1.0 stays active): the interval includes 0');
  });

  it('ends SKIPPED after detection when a scheduled run finds no drift, adapting nothing', async () => {
    const fake = fakeSupergraph({ ...base, DetectPerformanceDrift: detection('NONE') });
    expect(await runPipeline(fake.call, request('SCHEDULE'), settings, live)).toEqual({ outcome: 'SKIPPED', reason: 'no drift: severity NONE' });
    expect(fake.steps.map((s) => s.name)).toEqual(['processFeedbackBatch', 'recordPerformance', 'detectPerformanceDrift']);
    expect(fake.calls.map((c) => c.operation)).not.toContain('PerformIncrementalUpdate');
  });

  it('acts on the alert that triggered a DRIFT_ALERT run though the detectors find nothing new, and reads the latest alert when none was handed in', async () => {
    const handed = fakeSupergraph({ ...base, DetectPerformanceDrift: detection('NONE') });
    await runPipeline(handed.call, request('DRIFT_ALERT', { id: 'alert-9', severity: 'HIGH' }), settings, live);
    expect(handed.calls.find((c) => c.operation === 'PerformIncrementalUpdate')!.variables.strategy).toBe('FULL_RETRAIN');
    expect(handed.calls.map((c) => c.operation)).not.toContain('LatestDriftAlert');

    const asked = fakeSupergraph({
      ...base,
      DetectPerformanceDrift: detection('NONE'),
      LatestDriftAlert: () => ({ driftAlerts: [{ id: 'alert-7', kind: 'PERFORMANCE', severity: 'LOW', modelVersion: '2.1.0', detectedAt: '2026-01-01T00:00:00Z' }] }),
    });
    expect((await runPipeline(asked.call, request('DRIFT_ALERT'), settings, live)).outcome).toBe('SUCCEEDED');
    expect(asked.steps[2]!.result).toMatchObject({ severity: 'LOW', detected: 'NONE', triggeringAlert: { id: 'alert-7', severity: 'LOW' } });
  });

  it('adapts on a MANUAL run without drift, and skips when there is nothing to learn from', async () => {
    const fake = fakeSupergraph({ ...base, DetectPerformanceDrift: detection('NONE') });
    expect((await runPipeline(fake.call, request('MANUAL'), settings, live)).outcome).toBe('SUCCEEDED');
    const empty = fakeSupergraph({
      ...base,
      ProcessFeedbackBatch: batch(0),
      DetectPerformanceDrift: () => ({ detectPerformanceDrift: { ...detection('NONE')().detectPerformanceDrift, windowMeanError: null } }),
    });
    const outcome = await runPipeline(empty.call, request('MANUAL'), settings, live);
    expect(outcome.outcome).toBe('SKIPPED');
    expect(empty.steps.map((s) => [s.name, s.state])).toEqual([
      ['processFeedbackBatch', 'SUCCEEDED'],
      ['recordPerformance', 'SKIPPED'],
      ['detectPerformanceDrift', 'SUCCEEDED'],
    ]);
  });

  it('stops at the first failing step: recorded FAILED with the error, the run FAILED with the reason, nothing after it sent', async () => {
    const fake = fakeSupergraph({
      ...base,
      AdaptLearningRate: () => {
        throw new OperationError('AdaptLearningRate', 'the learning subgraph is unavailable', 'SERVICE_UNAVAILABLE');
      },
    });
    const outcome = await runPipeline(fake.call, request('SCHEDULE'), settings, live);
    expect(outcome).toEqual({ outcome: 'FAILED', reason: 'adaptLearningRate failed: AdaptLearningRate: the learning subgraph is unavailable' });
    expect(fake.steps.at(-1)).toMatchObject({ name: 'adaptLearningRate', state: 'FAILED', error: 'AdaptLearningRate: the learning subgraph is unavailable' });
    expect(fake.calls.map((c) => c.operation)).not.toContain('PerformIncrementalUpdate');
    expect(fake.finished()).toMatchObject({ outcome: 'FAILED' });
  });

  it('fails the run when the learning job fails or outlives the timeout, naming the job', async () => {
    const failed = fakeSupergraph({ ...base, LearningJob: () => job('FAILED', { step: 'validating', error: 'too few examples' }) });
    expect(await runPipeline(failed.call, request('SCHEDULE'), settings, live)).toEqual({
      outcome: 'FAILED',
      reason: 'waitForLearningJob failed: learning job job-1 failed at validating: too few examples',
    });
    expect(failed.calls.filter((c) => c.operation === 'LearningJob')).toHaveLength(1);

    const slow = fakeSupergraph({ ...base, LearningJob: () => job('RUNNING') });
    const outcome = await runPipeline(slow.call, request('SCHEDULE'), { jobTimeoutMs: 20, pollMs: 5 }, live);
    expect(outcome.outcome).toBe('FAILED');
    expect(outcome.reason).toMatch(/^waitForLearningJob failed: learning job job-1 did not finish within 20 ms \(RUNNING at training, 50 %\)/);
  });

  it('records a run stopped by the gateway shutting down as FAILED at the step it reached', async () => {
    const stopping = new AbortController();
    const fake = fakeSupergraph({
      ...base,
      LearningJob: () => {
        stopping.abort();
        return job('RUNNING');
      },
    });
    const outcome = await runPipeline(fake.call, request('SCHEDULE'), settings, stopping.signal);
    expect(outcome.outcome).toBe('FAILED');
    expect(fake.steps.at(-1)).toMatchObject({ name: 'waitForLearningJob', state: 'FAILED' });
    expect(fake.finished()).toMatchObject({ outcome: 'FAILED' });
  });
});
