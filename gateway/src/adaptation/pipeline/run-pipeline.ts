import { setTimeout as sleep } from 'node:timers/promises';
import type { AdaptationStepInput } from '../__generated__/supergraph-operations.js';
import {
  AdaptLearningRateDocument,
  DetectPerformanceDriftDocument,
  FinishAdaptationRunDocument,
  LatestDriftAlertDocument,
  LearningJobDocument,
  PerformIncrementalUpdateDocument,
  ProcessFeedbackBatchDocument,
  RecordAdaptationStepDocument,
  RecordPerformanceDocument,
} from '../__generated__/supergraph-operations.js';
import { batchPerformance, maxSeverity, performanceOf, shouldAdapt, strategyFor, type Severity, type Trigger } from './adaptation-policy.js';
import type { SupergraphCall } from './loopback-caller.js';

/** How long the pipeline waits for a learning job, and how often it asks. */
export interface PipelineSettings {
  /** ADAPTATION_JOB_TIMEOUT_MS: a job not finished by then fails the run (the job itself goes on in learning). */
  jobTimeoutMs: number;
  /** ADAPTATION_POLL_MS: the pause between two reads of the job. */
  pollMs: number;
}

/** The run to carry out: begun already (learning holds the model's lease for it). */
export interface RunRequest {
  runId: string;
  modelId: string;
  trigger: Trigger;
  /** The alert that triggered it, when the gateway's subscription did. */
  alert?: { id: string; severity: Severity } | null;
}

export type RunOutcome = { outcome: 'SUCCEEDED' | 'FAILED' | 'SKIPPED'; reason: string | null };

/** A step failed: the run ends FAILED with this reason, and nothing further is done. */
class StepFailed extends Error {}
/** The run ends early, SKIPPED, with this reason (no drift, nothing to learn from). */
class Skip extends Error {}

/** What a step hands back: its value for the next steps, and the summary recorded on the run. */
interface StepOutput<T> {
  value: T;
  result: unknown;
  /** SKIPPED: the step had nothing to do (an empty batch has no performance to record). */
  state?: 'SUCCEEDED' | 'SKIPPED';
}

/**
 * Carries out one adaptation run as operations against the supergraph (`steps/*.graphql`), each
 * step recorded on the run in learning (name, state, start, duration, a JSON summary, the error):
 * processFeedbackBatch → recordPerformance (the batch's metrics) → detectPerformanceDrift → on
 * drift, or for a MANUAL run: adaptLearningRate → performIncrementalUpdate (FULL_RETRAIN on HIGH
 * drift) → waitForLearningJob → championChallenger (the job's evaluation: it activated the new
 * version or kept it as a candidate). A step that fails ends the run FAILED with its reason and
 * nothing after it runs, so a failure before the job leaves the active version as it was (the job
 * alone switches versions, and only on evidence). No drift: SKIPPED after detection. The run is
 * always finished (releasing the model's lease), unless learning cannot be reached at all: then
 * the lease expires. Resolves with how it ended; never rejects.
 */
export async function runPipeline(call: SupergraphCall, request: RunRequest, settings: PipelineSettings, signal: AbortSignal): Promise<RunOutcome> {
  const { runId, modelId, trigger } = request;

  const step = async <T>(name: string, work: () => Promise<StepOutput<T>>): Promise<T> => {
    const startedAt = new Date();
    const began = performance.now();
    let output: StepOutput<T>;
    try {
      if (signal.aborted) throw new Error('the gateway is stopping');
      output = await work();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await record({ name, state: 'FAILED', startedAt: startedAt.toISOString(), durationMs: elapsed(began), error: message });
      throw new StepFailed(`${name} failed: ${message}`);
    }
    await record({ name, state: output.state ?? 'SUCCEEDED', startedAt: startedAt.toISOString(), durationMs: elapsed(began), result: output.result });
    return output.value;
  };
  const record = async (input: AdaptationStepInput) => {
    await call(RecordAdaptationStepDocument, { runId, step: input });
  };

  let ending: RunOutcome;
  try {
    ending = await carryOut();
  } catch (error) {
    if (error instanceof Skip) ending = { outcome: 'SKIPPED', reason: error.message };
    else ending = { outcome: 'FAILED', reason: error instanceof Error ? error.message : String(error) };
  }
  try {
    await call(FinishAdaptationRunDocument, { runId, outcome: ending.outcome, reason: ending.reason });
  } catch (error) {
    console.error(`[gateway] adaptation run ${runId} of ${modelId} ended ${ending.outcome} but could not be recorded so: ${(error as Error).message}; its lease will expire`);
  }
  return ending;

  async function carryOut(): Promise<RunOutcome> {
    const batch = await step('processFeedbackBatch', async () => {
      const { processFeedbackBatch: b } = await call(ProcessFeedbackBatchDocument, { modelId });
      return { value: b, result: { batchId: b.id, items: b.items, byVersion: b.byVersion.map(({ version, count, mae }) => ({ version, count, mae })) } };
    });

    const point = batchPerformance(batch.id, batch.byVersion);
    await step('recordPerformance', async () => {
      if (!point) return { value: null, state: 'SKIPPED', result: { reason: 'the batch is empty: no new feedback since the last one' } };
      const { idempotencyKey, ...metrics } = point;
      const { recordPerformance: r } = await call(RecordPerformanceDocument, { modelId, metrics: { ...metrics, idempotencyKey } });
      return { value: r, result: { pointId: r.id, version: r.version, error: r.error, items: point.items } };
    });

    const drift = await step('detectPerformanceDrift', async () => {
      const { detectPerformanceDrift: d } = await call(DetectPerformanceDriftDocument, { modelId });
      let alert = request.alert ?? null;
      if (trigger === 'DRIFT_ALERT' && !alert) {
        const { driftAlerts } = await call(LatestDriftAlertDocument, { modelId });
        alert = driftAlerts[0] ? { id: driftAlerts[0].id, severity: driftAlerts[0].severity } : null;
      }
      // The detectors read each error once: the errors behind the alert that triggered this run were read before it began.
      const severity = maxSeverity(d.severity, trigger === 'DRIFT_ALERT' ? alert?.severity : null);
      return {
        value: { severity, windowMeanError: d.windowMeanError, reason: d.reason },
        result: { severity, detected: d.severity, reason: d.reason, itemsRead: d.itemsRead, windowMeanError: d.windowMeanError, modelVersion: d.modelVersion, alerts: d.alerts.map((a) => a.id), triggeringAlert: alert },
      };
    });
    if (!shouldAdapt(trigger, drift.severity)) throw new Skip(`no drift: ${drift.reason}`);

    const performance = performanceOf(point, drift.windowMeanError);
    if (performance === null) throw new Skip('nothing to learn from: the model has no processed feedback and no errors in the detectors\' window');

    const rate = await step('adaptLearningRate', async () => {
      const { adaptLearningRate: r } = await call(AdaptLearningRateDocument, { modelId, performance, drift: drift.severity });
      return { value: r, result: { performance, drift: drift.severity, rate: r.rate, best: r.best, badEpochs: r.badEpochs, cooldownLeft: r.cooldownLeft } };
    });

    const strategy = strategyFor(drift.severity);
    const job = await step('performIncrementalUpdate', async () => {
      const { performIncrementalUpdate: j } = await call(PerformIncrementalUpdateDocument, { modelId, strategy });
      return { value: j, result: { jobId: j.id, strategy: j.strategy, state: j.state, learningRate: rate.rate } };
    });

    const finished = await step('waitForLearningJob', async () => {
      const giveUpAt = Date.now() + settings.jobTimeoutMs;
      for (let polls = 1; ; polls += 1) {
        const { learningJob: j } = await call(LearningJobDocument, { id: job.id });
        if (!j) throw new Error(`learning job ${job.id} is gone`);
        if (j.state === 'FAILED') throw new Error(`learning job ${j.id} failed at ${j.step}: ${j.error ?? 'no reason given'}`);
        if (j.state === 'SUCCEEDED') return { value: j, result: { jobId: j.id, state: j.state, resultVersion: j.resultVersion, polls } };
        if (Date.now() >= giveUpAt) {
          throw new Error(`learning job ${j.id} did not finish within ${settings.jobTimeoutMs} ms (${j.state} at ${j.step}, ${Math.round(j.progress * 100)} %); it goes on in learning`);
        }
        await sleep(settings.pollMs, undefined, { signal });
      }
    });

    const evaluation = await step('championChallenger', async () => {
      const e = finished.evaluation;
      if (!e) throw new Error(`learning job ${finished.id} succeeded without an evaluation of version ${finished.resultVersion ?? '(none)'}`);
      return { value: e, result: e };
    });
    return { outcome: 'SUCCEEDED', reason: `version ${evaluation.challenger} ${evaluation.decision === 'ACTIVATED' ? 'activated' : `kept as a candidate (${evaluation.champion} stays active)`}: ${evaluation.reason}` };
  }
}

const elapsed = (began: number) => Math.round(performance.now() - began);
