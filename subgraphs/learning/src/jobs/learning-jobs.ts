/**
 * Learning jobs: performIncrementalUpdate's work, off the request path.
 *
 * `start` checks the model, takes its learning lease (CONFLICT when another job holds it; an
 * expired one is taken over and its job marked FAILED), stores the job QUEUED and returns it; the
 * job then runs in the background: it reads the model's labelled examples through the gateway,
 * checks them (validateLearningData's rules) and holds out the most recent 20 %, loads the active
 * version's bytes from learning's registry, and hands the CPU-bound part (replay sample,
 * fine-tuning, champion/challenger on the held-out items) to a worker thread. At the end, and
 * only then, it stores the evidence, registers the new version (bytes + document, origin
 * `learning`, lineage in its metadata), activates it when the challenger won and the champion is
 * still the active version, and marks the job SUCCEEDED. The lease is renewed every third of
 * LEARNING_LEASE_MS while the job runs; a job that loses it stops without registering anything.
 *
 * A restart in the middle: the job's process is gone, nothing was registered (registration is the
 * last write), its lease expires; the next start or read of the model's job (`reap`) marks it
 * FAILED with the reason.
 */
import { createHash, randomUUID } from 'node:crypto';
import { ConflictError, PreconditionError } from '@telepulse/platform';
import { catalogModelById } from '@telepulse/models/catalog/model-catalog';
import type { ModelRegistry } from '@telepulse/models/registry/model-registry';
import type { ReadScope } from '@telepulse/platform/supergraph-client';
import type { ExampleReader } from '../clients/learning-examples.js';
import type { ChallengerEvaluation } from '../domain/challenger-evaluation.js';
import { labelledExamples } from '../domain/labelled-examples.js';
import { validateLearningData, type LearningDataValidation } from '../domain/learning-data.js';
import { isFinished, queuedJob, type LearningJob, type Strategy } from '../domain/learning-job.js';
import { assertTrainable, type TrainableModel } from '../domain/trainable-models.js';
import type { ChallengerEvaluationStore } from '../store/challenger-evaluation-store.js';
import type { LearningJobStore } from '../store/learning-job-store.js';
import type { LearningLeaseStore } from '../store/learning-lease-store.js';
import type { LearningRateStore } from '../store/learning-rate-store.js';
import type { VersionStore } from '../store/version-store.js';
import type { UpdateRequest, UpdateResult } from './learning-update.js';

export interface LearningJobSettings {
  epochs: number;
  replaySize: number;
  resamples: number;
  /** The most recent fed-back items a job reads. */
  maxExamples: number;
}

/** Runs one update (a worker thread in service; a test may run it in-process). */
export type UpdateRunner = (request: UpdateRequest, onProgress: (fraction: number, step: string) => void, signal: AbortSignal) => Promise<UpdateResult>;

export interface LearningJobDeps {
  jobs: LearningJobStore;
  leases: LearningLeaseStore;
  rates: LearningRateStore;
  evaluations: ChallengerEvaluationStore;
  versions: VersionStore;
  examples: ExampleReader;
  runUpdate: UpdateRunner;
  settings: LearningJobSettings;
}

export class LearningJobs {
  /** Jobs running in this process, so stopping can end them. */
  private readonly running = new Map<string, { abort: AbortController; done: Promise<void> }>();

  constructor(private readonly deps: LearningJobDeps) {}

  /** Starts an update of `modelId` (see the module comment); resolves with the job QUEUED. */
  async start(modelId: string, strategy: Strategy): Promise<LearningJob> {
    const model = assertTrainable(modelId);
    await this.reap(model);
    const id = randomUUID();
    const taken = await this.deps.leases.take(model, id);
    if (!taken.taken) {
      throw new ConflictError(`model ${model} is being updated by learning job ${taken.heldBy.owner} (its lease runs until ${taken.heldBy.expiresAt.toISOString()}): one learning job per model at a time`, {
        field: 'modelId',
        modelId: model,
        jobId: taken.heldBy.owner,
      });
    }
    if (taken.tookOverFrom) await this.deps.jobs.fail(taken.tookOverFrom.owner, abandoned(taken.tookOverFrom.expiresAt));
    let job: LearningJob;
    try {
      job = await this.deps.jobs.insert(queuedJob(id, model, strategy, new Date()));
    } catch (error) {
      await this.deps.leases.release(model, id).catch(() => undefined);
      throw error;
    }
    const abort = new AbortController();
    const done = this.run(job, model, abort.signal).finally(() => this.running.delete(id));
    this.running.set(id, { abort, done });
    return job;
  }

  /** The model's unfinished jobs whose lease is gone (their process died) marked FAILED; a live one is left alone. */
  async reap(modelId: string): Promise<void> {
    const unfinished = await this.deps.jobs.unfinishedOf(modelId);
    if (unfinished.length === 0) return;
    const lease = await this.deps.leases.current(modelId);
    const now = Date.now();
    for (const job of unfinished) {
      if (this.running.has(job.id)) continue;
      const live = lease !== null && lease.owner === job.id && lease.expiresAt.getTime() > now;
      if (!live) await this.deps.jobs.fail(job.id, lease?.owner === job.id ? abandoned(lease.expiresAt) : 'abandoned: its lease is gone (its process stopped before it finished); nothing was registered');
    }
  }

  /** Jobs by id, each reaped first when it looks abandoned, so a read after a restart tells the truth. */
  async find(ids: readonly string[]): Promise<Map<string, LearningJob>> {
    const found = await this.deps.jobs.findByIds(ids);
    const stale = [...new Set([...found.values()].filter((j) => !isFinished(j.state) && !this.running.has(j.id)).map((j) => j.modelId))];
    if (stale.length === 0) return found;
    await Promise.all(stale.map((m) => this.reap(m)));
    return this.deps.jobs.findByIds(ids);
  }

  /** Each model's latest job, reaped as `find` does. */
  async latest(modelIds: readonly string[]): Promise<Map<string, LearningJob>> {
    const found = await this.deps.jobs.latestOf(modelIds);
    const stale = [...found.values()].filter((j) => !isFinished(j.state) && !this.running.has(j.id)).map((j) => j.modelId);
    if (stale.length === 0) return found;
    await Promise.all(stale.map((m) => this.reap(m)));
    return this.deps.jobs.latestOf(modelIds);
  }

  /** Whether `modelId`'s feedback is fit to learn from now (validateLearningData's rules), read through the gateway. */
  async validate(modelId: string, scope: ReadScope): Promise<LearningDataValidation> {
    const model = assertTrainable(modelId);
    const { split: _split, ...validation } = validateLearningData(model, await this.readExamples(model, scope));
    return validation;
  }

  /** Stops the jobs running here: their workers end, their jobs FAILED, their leases released. */
  async stop(): Promise<void> {
    const running = [...this.running.values()];
    for (const { abort } of running) abort.abort(new Error('the learning subgraph stopped'));
    await Promise.all(running.map((r) => r.done));
  }

  private readExamples(modelId: TrainableModel, scope: ReadScope) {
    const served = catalogModelById(modelId)?.served;
    if (!served) throw new PreconditionError(`model ${modelId} has no served predictions in the catalog`, { modelId });
    return this.deps.examples.read(modelId, served, this.deps.settings.maxExamples, scope);
  }

  private async run(job: LearningJob, modelId: TrainableModel, signal: AbortSignal): Promise<void> {
    const { jobs, leases, settings } = this.deps;
    const lost = new AbortController();
    const stopped = AbortSignal.any([signal, lost.signal]);
    const renew = setInterval(() => {
      void leases.renew(modelId, job.id).then(
        (held) => held || lost.abort(new Error(`lost model ${modelId}'s learning lease (it expired and was taken over): stopped without registering anything`)),
        () => undefined,
      );
    }, Math.max(50, Math.floor(leases.leaseMs / 3)));
    const step = async (progress: number, text: string) => {
      if (stopped.aborted) throw stopped.reason;
      if (!(await jobs.advance(job.id, { state: 'RUNNING', progress, step: text }))) throw new Error('the job was marked finished by another process');
    };
    try {
      await step(0.01, 'reading fed-back examples');
      const scope: ReadScope = { trace: { requestId: `learning-job-${job.id}`, via: [] }, signal: stopped };
      const validation = validateLearningData(modelId, await this.readExamples(modelId, scope));
      if (!validation.valid) throw new Error(`the examples are not fit to learn from: ${validation.errors.map((e) => `${e.field} ${e.message}`).join('; ')}`);
      const { training, heldOut } = validation.split;
      await step(0.05, `loading the active version (${training.length} examples to learn from, ${heldOut.length} held out)`);
      const registry: ModelRegistry = this.deps.versions.registry;
      const base = await registry.loadActive(modelId);
      if (!base) throw new Error(`model ${modelId} has no active version to start from`);
      const taken = (await this.deps.versions.versionsOf([modelId])).get(modelId)?.map((v) => v.version) ?? [];
      const request: UpdateRequest = {
        modelId,
        strategy: job.strategy,
        base: { version: base.version.version, onnx: base.onnx, metadata: base.version.metadata },
        fresh: labelledExamples(modelId, training),
        heldOut: labelledExamples(modelId, heldOut),
        replaySize: settings.replaySize,
        learningRate: await this.deps.rates.rateOf(modelId),
        epochs: settings.epochs,
        seed: seedOf(job.id),
        takenVersions: taken,
        resamples: settings.resamples,
      };
      await step(0.08, 'training in a worker thread');
      let last = 0;
      const result = await this.deps.runUpdate(
        request,
        (fraction, text) => {
          // Progress writes are best effort, one at a time: the worker reports faster than they matter.
          const progress = 0.1 + fraction * 0.8;
          if (progress - last < 0.02) return;
          last = progress;
          void jobs.advance(job.id, { progress, step: text }).catch(() => undefined);
        },
        stopped,
      );
      await step(0.92, `registering ${result.version}`);
      await this.finish(job, modelId, base.version.version, result);
    } catch (error) {
      const reason = stopped.aborted && stopped.reason instanceof Error ? stopped.reason.message : error instanceof Error ? error.message : String(error);
      await jobs.fail(job.id, reason).catch(() => undefined);
    } finally {
      clearInterval(renew);
      await leases.release(modelId, job.id).catch(() => undefined);
    }
  }

  /** The last writes: the evidence, then the version (bytes + document), then the switch, then the job. */
  private async finish(job: LearningJob, modelId: TrainableModel, champion: string, result: UpdateResult): Promise<void> {
    const { versions, evaluations, jobs } = this.deps;
    const active = (await versions.registry.activeOf([modelId])).get(modelId)?.version;
    const { comparison } = result;
    // A manual switch while the job ran: the challenger was judged against a version no longer served.
    const switched = active !== champion;
    const decision = comparison.decision === 'ACTIVATED' && !switched ? 'ACTIVATED' : 'KEPT_AS_CANDIDATE';
    const reason = switched ? `${comparison.reason}; kept as a candidate: the active version changed to ${active} while the job ran` : comparison.reason;
    const evaluation: ChallengerEvaluation = {
      modelId,
      champion,
      challenger: result.version,
      heldOutItems: comparison.heldOutItems,
      championError: comparison.championError,
      challengerError: comparison.challengerError,
      difference: comparison.difference,
      low: comparison.low,
      high: comparison.high,
      decision,
      reason,
      jobId: job.id,
      evaluatedAt: new Date(),
    };
    await evaluations.record(evaluation);
    await versions.registry.register(modelId, result.version, result.onnx, result.metadata, 'learning');
    if (decision === 'ACTIVATED') await versions.activate(modelId, result.version);
    await jobs.succeed(job.id, result.version, evaluation, decision === 'ACTIVATED' ? `activated ${result.version}` : `kept ${result.version} as a candidate`);
  }
}

function abandoned(expiredAt: Date): string {
  return `abandoned: its lease expired at ${expiredAt.toISOString()} (its process stopped or stalled); nothing was registered`;
}

/** A job's seed: from its id, so one job's replay sample, example order and bootstrap are reproducible. */
function seedOf(jobId: string): number {
  return createHash('sha256').update(jobId).digest().readUInt32BE(0);
}
