import { InvalidInputError, type FieldIssue } from '@telepulse/platform';

/**
 * One run of the adaptive pipeline, as learning keeps it for the gateway (which keeps no state):
 * which model, what started it, where it stands, and its steps. Plain data: no GraphQL, no Mongo.
 */
export type AdaptationTrigger = 'MANUAL' | 'SCHEDULE' | 'DRIFT_ALERT';
export type AdaptationRunState = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'SKIPPED';
/** How a run ends: any state but RUNNING. */
export type AdaptationOutcome = Exclude<AdaptationRunState, 'RUNNING'>;
export type AdaptationStepState = 'SUCCEEDED' | 'FAILED' | 'SKIPPED';

export const ADAPTATION_TRIGGERS: readonly AdaptationTrigger[] = ['MANUAL', 'SCHEDULE', 'DRIFT_ALERT'];
export const ADAPTATION_OUTCOMES: readonly AdaptationOutcome[] = ['SUCCEEDED', 'FAILED', 'SKIPPED'];
const STEP_STATES: readonly AdaptationStepState[] = ['SUCCEEDED', 'FAILED', 'SKIPPED'];

export interface AdaptationStep {
  /** Unique within its run: recording a step of the same name again returns the first. */
  name: string;
  state: AdaptationStepState;
  startedAt: Date;
  durationMs: number;
  /** What the step produced, as JSON (a summary, never a whole response). */
  result: unknown;
  error: string | null;
}

export interface AdaptationRun {
  id: string;
  modelId: string;
  trigger: AdaptationTrigger;
  state: AdaptationRunState;
  /** Who asked for it: the caller's subject, or the gateway's internal identity. */
  requestedBy: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  reason: string | null;
}

/** Longest step name, reason and error kept; the JSON of a step's result is bounded too. */
export const MAX_STEP_NAME = 64;
export const MAX_TEXT = 2000;
export const MAX_RESULT_JSON = 16_000;

/** A step as a caller hands it in, before it is checked. */
export interface AdaptationStepInput {
  name: string;
  state: string;
  startedAt: Date;
  durationMs: number;
  result?: unknown;
  error?: string | null;
}

/**
 * Checks a step handed in by the pipeline: a name of 1..64 word characters, a known state, a
 * duration ≥ 0, a result whose JSON stays under 16 kB, an error only on a FAILED step (and one
 * there). Throws InvalidInputError naming the field (`step.name` …).
 */
export function validateStep(input: AdaptationStepInput): AdaptationStep {
  const issues: FieldIssue[] = [];
  if (!/^[A-Za-z][A-Za-z0-9_.-]*$/.test(input.name) || input.name.length > MAX_STEP_NAME) {
    issues.push({ field: 'step.name', value: input.name, message: `must be 1..${MAX_STEP_NAME} letters, digits, '_', '.' or '-', starting with a letter` });
  }
  if (!STEP_STATES.includes(input.state as AdaptationStepState)) issues.push({ field: 'step.state', value: input.state, message: `must be one of ${STEP_STATES.join(', ')}` });
  if (!Number.isFinite(input.durationMs) || input.durationMs < 0) issues.push({ field: 'step.durationMs', value: input.durationMs, message: 'must be a finite number ≥ 0' });
  const json = input.result === undefined ? undefined : JSON.stringify(input.result);
  if (json !== undefined && json.length > MAX_RESULT_JSON) issues.push({ field: 'step.result', value: json, message: `must be at most ${MAX_RESULT_JSON} characters of JSON` });
  const error = input.error ?? null;
  if (input.state === 'FAILED' && !error) issues.push({ field: 'step.error', value: error, message: 'must say why a FAILED step failed' });
  if (input.state !== 'FAILED' && error) issues.push({ field: 'step.error', value: error, message: 'is for FAILED steps only' });
  if (error && error.length > MAX_TEXT) issues.push({ field: 'step.error', value: error, message: `must be at most ${MAX_TEXT} characters` });
  if (issues.length > 0) throw new InvalidInputError(issues);
  return {
    name: input.name,
    state: input.state as AdaptationStepState,
    startedAt: input.startedAt,
    durationMs: Math.round(input.durationMs),
    result: json === undefined ? null : JSON.parse(json),
    error,
  };
}

/** Checks how a run is finished: a known outcome; a reason (≤ 2000 characters) required for FAILED and SKIPPED. */
export function validateOutcome(outcome: string, reason: string | null | undefined): { outcome: AdaptationOutcome; reason: string | null } {
  if (!ADAPTATION_OUTCOMES.includes(outcome as AdaptationOutcome)) {
    throw new InvalidInputError([{ field: 'outcome', value: outcome, message: `must be one of ${ADAPTATION_OUTCOMES.join(', ')}` }]);
  }
  if (outcome !== 'SUCCEEDED' && !reason) throw new InvalidInputError([{ field: 'reason', value: reason ?? null, message: `must say why the run ended ${outcome}` }]);
  if (reason && reason.length > MAX_TEXT) throw new InvalidInputError([{ field: 'reason', value: reason, message: `must be at most ${MAX_TEXT} characters` }]);
  return { outcome: outcome as AdaptationOutcome, reason: reason ?? null };
}

/**
 * The learning job a run started, as its steps recorded it: the first step whose result names a
 * `jobId` (the pipeline's update step, then its wait). Null before that step or when the run
 * ended without one (skipped, or failed earlier). The steps are the only link: the run document
 * keeps no job id, so a run recorded by an older pipeline reads the same way.
 */
export function learningJobIdOf(steps: readonly AdaptationStep[]): string | null {
  for (const step of steps) {
    const result = step.result;
    if (result !== null && typeof result === 'object' && !Array.isArray(result)) {
      const jobId = (result as Record<string, unknown>)['jobId'];
      if (typeof jobId === 'string' && jobId.length > 0) return jobId;
    }
  }
  return null;
}
