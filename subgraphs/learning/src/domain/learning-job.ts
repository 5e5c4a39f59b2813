/**
 * A learning job as stored (`learning_jobs`): one update of one model, QUEUED → RUNNING →
 * SUCCEEDED or FAILED, with its progress (0..1) and the step it is at. Plain data.
 */
import type { ChallengerEvaluation } from './challenger-evaluation.js';

export const JOB_STATES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED'] as const;
export type JobState = (typeof JOB_STATES)[number];
export type Strategy = 'INCREMENTAL' | 'FULL_RETRAIN';

export interface LearningJob {
  id: string;
  modelId: string;
  strategy: Strategy;
  state: JobState;
  progress: number;
  step: string;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
  error: string | null;
  /** The version it registered (activated or kept as a candidate); null until it finishes with one. */
  resultVersion: string | null;
  evaluation: ChallengerEvaluation | null;
}

export const isFinished = (state: JobState) => state === 'SUCCEEDED' || state === 'FAILED';

/** A job just created: QUEUED, nothing done. */
export function queuedJob(id: string, modelId: string, strategy: Strategy, now: Date): LearningJob {
  return { id, modelId, strategy, state: 'QUEUED', progress: 0, step: 'queued', createdAt: now, updatedAt: now, finishedAt: null, error: null, resultVersion: null, evaluation: null };
}
