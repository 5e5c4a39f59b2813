import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { ConflictError, NotFoundError, PreconditionError } from '@telepulse/platform';
import { isDuplicateKey, lazyIndexes } from '@telepulse/platform/mongo';
import type { AdaptationOutcome, AdaptationRun, AdaptationStep, AdaptationTrigger } from '../domain/adaptation-run.js';
import { LearningLeaseStore } from './learning-lease-store.js';

type RunDoc = Omit<AdaptationRun, 'id'> & { _id: string };
type StepDoc = AdaptationStep & { _id: string; runId: string; recordedAt: Date };

/** How long a lease lasts without a step recorded: past it, the holder is taken for dead. */
export const DEFAULT_ADAPTATION_LEASE_MS = 15 * 60_000;

/**
 * Adaptation runs as the gateway's pipeline records them: `adaptation_runs` (one document per
 * run), `adaptation_steps` (one document per step, `_id` = run/name, so a step recorded twice is
 * stored once and a run's steps never grow one document without bound) and the model's
 * `adaptation` lease (learning-lease-store.ts, apart from its learning job's). One run per model
 * at a time: a held lease is a CONFLICT; an expired one (its holder died: no step recorded for
 * `leaseMs`) is taken over and its run marked FAILED. Every recorded step renews the lease;
 * finishing releases it.
 */
export class AdaptationRunStore {
  private readonly runs: Collection<RunDoc>;
  private readonly steps: Collection<StepDoc>;
  private readonly leases: LearningLeaseStore;
  private readonly ensureIndexes: () => Promise<void>;

  constructor(
    db: Db,
    leaseMs = DEFAULT_ADAPTATION_LEASE_MS,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.runs = db.collection<RunDoc>('adaptation_runs');
    this.steps = db.collection<StepDoc>('adaptation_steps');
    this.leases = new LearningLeaseStore(db, leaseMs, clock, 'adaptation');
    this.ensureIndexes = lazyIndexes(() =>
      Promise.all([
        this.runs.createIndex({ modelId: 1, startedAt: -1 }, { name: 'model_recent' }),
        this.steps.createIndex({ runId: 1, startedAt: 1 }, { name: 'run_steps' }),
      ]),
    );
  }

  /**
   * Begins a run of `modelId`'s adaptation: takes the model's lease (CONFLICT naming the run that
   * holds it), then stores the run RUNNING. An expired lease is taken over and its run ends FAILED.
   */
  async begin(modelId: string, trigger: AdaptationTrigger, requestedBy: string | null): Promise<AdaptationRun> {
    await this.ensureIndexes();
    const id = randomUUID();
    await this.takeLease(modelId, id);
    const run: AdaptationRun = { id, modelId, trigger, state: 'RUNNING', requestedBy, startedAt: this.clock(), finishedAt: null, reason: null };
    try {
      const { id: _id, ...rest } = run;
      await this.runs.insertOne({ _id: id, ...rest });
    } catch (error) {
      await this.leases.release(modelId, id).catch(() => undefined);
      throw error;
    }
    return run;
  }

  private async takeLease(modelId: string, owner: string): Promise<void> {
    const taken = await this.leases.take(modelId, owner);
    if (!taken.taken) {
      const { heldBy } = taken;
      throw new ConflictError(`model ${modelId} is being adapted by run ${heldBy.owner} (its lease runs until ${heldBy.expiresAt.toISOString()}): one adaptation per model at a time`, {
        field: 'modelId',
        modelId,
        runId: heldBy.owner,
      });
    }
    const dead = taken.tookOverFrom;
    if (dead) {
      await this.runs.updateOne(
        { _id: dead.owner, state: 'RUNNING' },
        { $set: { state: 'FAILED', finishedAt: this.clock(), reason: `abandoned: no step recorded for ${this.leases.leaseMs} ms until ${dead.expiresAt.toISOString()}; its holder is taken for dead` } },
      );
    }
  }

  /**
   * Records one step of a RUNNING run (the first recording of a name stays: retries are safe)
   * and renews the run's lease. NOT_FOUND for an unknown run; FAILED_PRECONDITION for a finished
   * one, or one whose lease was taken over.
   */
  async recordStep(runId: string, step: AdaptationStep): Promise<AdaptationRun> {
    await this.ensureIndexes();
    const run = await this.requireRun(runId);
    const _id = `${runId}/${step.name}`;
    if (run.state !== 'RUNNING') {
      if (await this.steps.findOne({ _id })) return run;
      throw new PreconditionError(`adaptation run ${runId} has ended ${run.state}: no more steps can be recorded`, { runId, state: run.state });
    }
    try {
      await this.steps.insertOne({ _id, runId, ...step, recordedAt: this.clock() });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    if (!(await this.leases.renew(run.modelId, runId))) {
      throw new PreconditionError(`adaptation run ${runId} no longer holds model ${run.modelId}'s lease (it expired and was taken over)`, { runId });
    }
    return run;
  }

  /**
   * Ends a RUNNING run with `outcome` and releases its lease. Finishing an ended run again
   * returns it as it ended (the first finish stays). NOT_FOUND for an unknown run.
   */
  async finish(runId: string, outcome: AdaptationOutcome, reason: string | null): Promise<AdaptationRun> {
    const run = await this.requireRun(runId);
    if (run.state === 'RUNNING') {
      await this.runs.updateOne({ _id: runId, state: 'RUNNING' }, { $set: { state: outcome, finishedAt: this.clock(), reason } });
    }
    await this.leases.release(run.modelId, runId);
    return this.requireRun(runId);
  }

  async findRuns(ids: readonly string[]): Promise<Map<string, AdaptationRun>> {
    const docs = await this.runs.find(ids.length === 1 ? { _id: ids[0]! } : { _id: { $in: [...ids] } }).toArray();
    return new Map(docs.map((doc) => [doc._id, fromDoc(doc)]));
  }

  /** The model's runs, newest first, at most `limit`. */
  async runsOfModel(modelId: string, limit: number): Promise<AdaptationRun[]> {
    await this.ensureIndexes();
    const docs = await this.runs.find({ modelId }).sort({ startedAt: -1, _id: -1 }).limit(limit).toArray();
    return docs.map(fromDoc);
  }

  /** The steps of each run, in the order they started; a run without steps has an empty list. */
  async stepsOf(runIds: readonly string[]): Promise<Map<string, AdaptationStep[]>> {
    await this.ensureIndexes();
    const docs = await this.steps.find(runIds.length === 1 ? { runId: runIds[0]! } : { runId: { $in: [...runIds] } }).sort({ startedAt: 1, recordedAt: 1 }).toArray();
    const byRun = new Map<string, AdaptationStep[]>(runIds.map((id) => [id, []]));
    for (const { _id, runId, recordedAt: _at, ...step } of docs) byRun.get(runId)?.push(step);
    return byRun;
  }

  private async requireRun(runId: string): Promise<AdaptationRun> {
    const doc = await this.runs.findOne({ _id: runId });
    if (!doc) throw new NotFoundError('adaptation run', runId);
    return fromDoc(doc);
  }
}

function fromDoc({ _id, ...rest }: RunDoc): AdaptationRun {
  return { id: _id, ...rest };
}
