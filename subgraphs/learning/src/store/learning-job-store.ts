/**
 * Learning jobs (`learning_jobs`): one document per job, written by the job's runner as it goes
 * (each write filtered on the job still being unfinished, so a job marked FAILED as abandoned is
 * never revived by a stalled runner), read by id and as a model's latest.
 */
import type { Collection, Db } from 'mongodb';
import { lazyIndexes } from '@telepulse/platform/mongo';
import type { ChallengerEvaluation } from '../domain/challenger-evaluation.js';
import type { LearningJob } from '../domain/learning-job.js';

type JobDoc = Omit<LearningJob, 'id'> & { _id: string };

const UNFINISHED = { state: { $in: ['QUEUED', 'RUNNING'] } } as const;

export class LearningJobStore {
  private readonly jobs: Collection<JobDoc>;
  private readonly ensureIndexes: () => Promise<void>;

  constructor(
    db: Db,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.jobs = db.collection<JobDoc>('learning_jobs');
    this.ensureIndexes = lazyIndexes(() => this.jobs.createIndex({ modelId: 1, createdAt: -1 }, { name: 'model_recent' }));
  }

  async insert(job: LearningJob): Promise<LearningJob> {
    await this.ensureIndexes();
    const { id, ...rest } = job;
    await this.jobs.insertOne({ _id: id, ...rest });
    return job;
  }

  /** Moves an unfinished job on (state, progress, step); false when it has finished meanwhile. */
  async advance(id: string, change: Partial<Pick<LearningJob, 'state' | 'progress' | 'step'>>): Promise<boolean> {
    const result = await this.jobs.updateOne({ _id: id, ...UNFINISHED }, { $set: { ...change, updatedAt: this.clock() } });
    return result.matchedCount === 1;
  }

  /** Ends an unfinished job SUCCEEDED with its version and evaluation; false when it had finished already. */
  async succeed(id: string, resultVersion: string, evaluation: ChallengerEvaluation | null, step: string): Promise<boolean> {
    const now = this.clock();
    const result = await this.jobs.updateOne({ _id: id, ...UNFINISHED }, { $set: { state: 'SUCCEEDED', progress: 1, step, resultVersion, evaluation, finishedAt: now, updatedAt: now } });
    return result.matchedCount === 1;
  }

  /** Ends an unfinished job FAILED with the reason; false when it had finished already. */
  async fail(id: string, error: string): Promise<boolean> {
    const now = this.clock();
    const result = await this.jobs.updateOne({ _id: id, ...UNFINISHED }, { $set: { state: 'FAILED', step: 'failed', error, finishedAt: now, updatedAt: now } });
    return result.matchedCount === 1;
  }

  async findByIds(ids: readonly string[]): Promise<Map<string, LearningJob>> {
    const docs = await this.jobs.find(ids.length === 1 ? { _id: ids[0]! } : { _id: { $in: [...ids] } }).toArray();
    return new Map(docs.map((doc) => [doc._id, fromDoc(doc)]));
  }

  /** Each model's latest job (by creation), absent for a model without one. */
  async latestOf(modelIds: readonly string[]): Promise<Map<string, LearningJob>> {
    await this.ensureIndexes();
    const found = new Map<string, LearningJob>();
    // One small query per model on its index: FerretDB 1.24 computes only the first $group accumulator.
    await Promise.all(
      modelIds.map(async (modelId) => {
        const [doc] = await this.jobs.find({ modelId }).sort({ createdAt: -1, _id: -1 }).limit(1).toArray();
        if (doc) found.set(modelId, fromDoc(doc));
      }),
    );
    return found;
  }

  /** The model's unfinished jobs (at most one while the lease works; more only after a crash). */
  async unfinishedOf(modelId: string): Promise<LearningJob[]> {
    const docs = await this.jobs.find({ modelId, ...UNFINISHED }).toArray();
    return docs.map(fromDoc);
  }
}

function fromDoc({ _id, ...rest }: JobDoc): LearningJob {
  return { id: _id, ...rest };
}
