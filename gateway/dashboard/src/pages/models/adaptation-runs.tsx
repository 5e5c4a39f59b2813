/**
 * A model's adaptation runs, newest first: what started each (a caller, the schedule, a drift
 * alert), where it stands, each step it went through with what the step found or made, and for a
 * run that made a new version the champion/challenger evidence it was judged on (the run's
 * learning job's evaluation). A RUNNING run is followed: the page refetches until it ends.
 */
import type { ModelAdaptationRunFragment } from '../../__generated__/graphql.js';
import { formatInteger } from '../../ui/format.js';
import { Empty } from '../../ui/states.js';
import { Time } from '../../ui/time.js';
import { Evidence } from './evidence.js';
import { stepSummary } from './step-summary.js';

const TRIGGERS: Record<ModelAdaptationRunFragment['trigger'], string> = {
  MANUAL: 'asked for',
  SCHEDULE: 'on schedule',
  DRIFT_ALERT: 'on a drift alert',
};

function duration(ms: number): string {
  return ms < 1000 ? `${formatInteger(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function AdaptationRun({ run }: { run: ModelAdaptationRunFragment }) {
  const job = run.learningJob;
  return (
    <article class={`run run-${run.state.toLowerCase()}`} data-run-id={run.id} data-run-status={run.state} data-trigger={run.trigger} data-step-count={run.steps.length} data-learning-job-id={job?.id ?? ''}>
      <header class="run-head">
        <span class={`pill pill-run-${run.state.toLowerCase()}`}>{run.state}</span> <strong>{TRIGGERS[run.trigger]}</strong>
        {run.requestedBy ? ` by ${run.requestedBy}` : ''}, started <Time value={run.startedAt} />
        {run.finishedAt ? (
          <>
            , ended <Time value={run.finishedAt} />
          </>
        ) : (
          <span class="sub-inline"> (in progress…)</span>
        )}
        {run.reason ? <p class="run-reason">{run.reason}</p> : null}
      </header>
      {run.steps.length === 0 ? (
        <p class="hint">No step recorded yet.</p>
      ) : (
        <ol class="steps">
          {run.steps.map((s) => (
            <li key={s.name} class={`step step-${s.state.toLowerCase()}`} data-step={s.name} data-step-state={s.state} data-duration-ms={s.durationMs}>
              <span class={`pill pill-step-${s.state.toLowerCase()}`}>{s.state}</span> <code>{s.name}</code> <span class="sub-inline">{duration(s.durationMs)}</span>
              {s.error ? <span class="step-error">{s.error}</span> : <span class="sub">{stepSummary(s.name, s.result)}</span>}
            </li>
          ))}
        </ol>
      )}
      {job ? (
        <div class="run-job" data-testid="run-job" data-job-state={job.state} data-result-version={job.resultVersion ?? ''}>
          <p class="hint">
            Learning job <code>{job.id}</code> ({job.strategy === 'FULL_RETRAIN' ? 'full retraining' : 'incremental update'}): {job.state.toLowerCase()}
            {job.resultVersion ? (
              <>
                , made <code>{job.resultVersion}</code>
              </>
            ) : null}
            .
          </p>
          {job.evaluation ? <Evidence evaluation={job.evaluation} /> : null}
        </div>
      ) : null}
    </article>
  );
}

export function AdaptationRuns({ runs, modelId }: { runs: readonly ModelAdaptationRunFragment[]; modelId: string }) {
  if (runs.length === 0) {
    return (
      <div data-testid="adaptation-runs" data-run-count={0}>
        <Empty
          what={`No adaptation runs of ${modelId} yet.`}
          hint="A run starts on a drift alert, on the gateway's schedule, or when an admin runs the pipeline (above)."
        />
      </div>
    );
  }
  return (
    <div class="runs" data-testid="adaptation-runs" data-run-count={runs.length}>
      {runs.map((run) => (
        <AdaptationRun key={run.id} run={run} />
      ))}
    </div>
  );
}
