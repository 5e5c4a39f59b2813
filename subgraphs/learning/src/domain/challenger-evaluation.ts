/**
 * The evidence of a champion/challenger comparison (`challenger_evaluations`, and a job's
 * result): both versions' mean absolute error on the same held-out items, the paired bootstrap
 * interval of their difference, and the decision it led to. Plain data.
 */
export type SwitchDecision = 'ACTIVATED' | 'KEPT_AS_CANDIDATE';

export interface ChallengerEvaluation {
  modelId: string;
  champion: string;
  challenger: string;
  heldOutItems: number;
  championError: number;
  challengerError: number;
  /** challenger − champion, mean of the paired absolute errors: negative when the challenger is better. */
  difference: number;
  low: number;
  high: number;
  decision: SwitchDecision;
  reason: string;
  /** The job that made it. */
  jobId: string;
  evaluatedAt: Date;
}
