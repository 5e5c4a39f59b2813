/**
 * One model's page (#/models/<id>): what it is and which version serves, the admin actions (run
 * the pipeline now, activate a version), then its sections — versions with the champion/challenger
 * evidence, feedback metrics by version, the performance trend, open alerts, drift history (live)
 * and adaptation runs with their steps. Each section has its own query (one per subgraph), so one
 * subgraph down empties one section. While a run is going on the learning part is refetched every
 * few seconds until it ends; a drift alert for this model shows at once and refetches the rest.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ModelDriftDocument, ModelFeedbackDocument, ModelLearningDocument, ModelOverviewDocument, StartModelPipelineDocument } from '../../__generated__/graphql.js';
import { onDriftAlert, useDriftAlerts } from '../../api/live.js';
import { request } from '../../api/request.js';
import { routeHref } from '../../router.js';
import { ErrorState, Loading, UnreachableBanner } from '../../ui/states.js';
import { Time } from '../../ui/time.js';
import { useQuery } from '../../ui/use-query.js';
import { AdaptationRuns } from './adaptation-runs.js';
import { AdminAction } from './admin-action.js';
import { DriftHistory } from './drift-history.js';
import { driftRows } from './drift-rows.js';
import { FeedbackMetrics } from './feedback-metrics.js';
import { PerformanceAlerts } from './performance-alerts.js';
import { PerformanceTrend } from './performance-trend.js';
import { Section } from './section.js';
import { trendRange } from './trend-range.js';
import { VersionsTable } from './versions-table.js';

/** How often the page refreshes by itself, and while an adaptation run is going on. */
const REFRESH_MS = 30_000;
const FOLLOW_RUN_MS = 2_000;

export function ModelDetail({ id }: { id: string }) {
  const [rangeKey, setRangeKey] = useState<string | null>(null);
  const range = trendRange(rangeKey);
  const [following, setFollowing] = useState(false);

  const overview = useQuery(ModelOverviewDocument, { id, hours: range.hours, bucket: range.bucket }, { pollMs: REFRESH_MS });
  const learning = useQuery(ModelLearningDocument, { id }, { pollMs: following ? FOLLOW_RUN_MS : REFRESH_MS });
  const feedback = useQuery(ModelFeedbackDocument, { id }, { pollMs: following ? FOLLOW_RUN_MS : REFRESH_MS });
  const drift = useQuery(ModelDriftDocument, { id }, { pollMs: REFRESH_MS });
  const live = useDriftAlerts();

  const runs = learning.data?.model?.adaptationRuns ?? [];
  const running = runs.some((r) => r.state === 'RUNNING');
  const wasRunning = useRef(false);
  useEffect(() => {
    setFollowing(running);
    // A run just ended: it recorded performance and may have raised drift or switched versions.
    if (wasRunning.current && !running) {
      overview.retry();
      drift.retry();
      feedback.retry();
    }
    wasRunning.current = running;
  }, [running]);

  // A drift alert for this model: the history (and the run it may start) are refetched; the row itself shows at once from the subscription.
  useEffect(
    () =>
      onDriftAlert((alert) => {
        if (alert.model.id !== id) return;
        drift.retry();
        learning.retry();
      }),
    [id, drift.retry, learning.retry],
  );

  const rows = useMemo(() => driftRows(id, drift.data?.model?.driftHistory ?? [], live), [id, drift.data, live]);
  const model = overview.data?.model ?? null;
  const versions = learning.data?.model?.versions ?? [];
  const registryActive = versions.find((v) => v.active)?.version ?? null;
  const refreshAll = () => {
    overview.retry();
    learning.retry();
    feedback.retry();
    drift.retry();
  };

  if (model === null) {
    if (overview.loading) return <Loading what={`model ${id}`} />;
    if (overview.unreachable) return <ErrorState title="The gateway is unreachable" error="No answer from the gateway." retry={overview.retry} />;
    const notFound = overview.errors.some((e) => e.extensions?.code === 'NOT_FOUND');
    return (
      <section class="page" data-testid="model-page" data-model-id={id} data-state="error">
        <h1>Model {id}</h1>
        <ErrorState title={notFound ? `There is no model “${id}”` : `Could not load model ${id}`} error={overview.errors.length > 0 ? overview.errors : 'The gateway answered without it.'} retry={overview.retry} />
        <p>
          <a href={routeHref({ page: 'models' })}>Back to every model</a>
        </p>
      </section>
    );
  }

  return (
    <section
      class="page model-page"
      aria-labelledby="model-title"
      data-testid="model-page"
      data-model-id={model.id}
      data-active-version={registryActive ?? model.activeVersion ?? ''}
      data-serving-version={model.activeVersion ?? ''}
      data-outcome={model.outcome ?? ''}
      data-following-run={String(following)}
    >
      <p class="breadcrumb">
        <a href={routeHref({ page: 'models' })}>Models</a> /
      </p>
      <div class="page-head">
        <div>
          <h1 id="model-title">{model.id}</h1>
          <p class="model-description">{model.description}</p>
          <p class="hint">
            Served by the {model.subgraph} subgraph; active version <code data-testid="active-version">{registryActive ?? '—'}</code>
            {model.activeVersion && model.activeVersion !== registryActive ? (
              <>
                {' '}
                (the serving path last reported <code>{model.activeVersion}</code>; it follows within seconds)
              </>
            ) : null}
            .
          </p>
        </div>
        <div class="model-actions">
          {model.outcome ? (
            <AdminAction
              action="start-pipeline"
              label="Run the pipeline now"
              confirm={
                <>
                  Run the adaptive pipeline of {model.id} now? It processes the feedback, records performance, detects drift and trains a challenger, which is activated only
                  if it is better beyond noise.
                </>
              }
              run={() => request(StartModelPipelineDocument, { modelId: model.id })}
              done={(data) => (
                <span data-run-id={data.startAdaptivePipeline.id} data-run-status={data.startAdaptivePipeline.state}>
                  Run <code>{data.startAdaptivePipeline.id}</code> started <Time value={data.startAdaptivePipeline.startedAt} />; its steps appear below as they finish.
                </span>
              )}
              // The run is RUNNING in learning already: the refetch sees it and follows it (or, quick to skip, shows how it ended).
              onDone={refreshAll}
            />
          ) : (
            <p class="hint">Takes no feedback: nothing to adapt.</p>
          )}
          <button type="button" onClick={refreshAll} data-testid="refresh">
            Refresh
          </button>
        </div>
      </div>
      {overview.unreachable ? <UnreachableBanner /> : null}

      <Section name="versions" title="Versions and candidates" query={learning} has={(d) => d.model !== null} what="the versions">
        {(d) => <VersionsTable model={d.model!} onChanged={refreshAll} />}
      </Section>

      <Section name="feedback" title="Feedback metrics by version" query={feedback} has={(d) => d.model !== null} what="the feedback metrics">
        {(d) => <FeedbackMetrics modelId={model.id} outcome={model.outcome} summary={d.model!.feedbackSummary} activeVersion={registryActive} />}
      </Section>

      <Section name="trend" title="Performance trend" query={overview} has={(d) => d.model !== null} what="the performance trend">
        {(d) => <PerformanceTrend model={d.model!} versions={versions} range={range} onRange={setRangeKey} drift={rows} />}
      </Section>

      <Section name="alerts" title="Open alerts" query={overview} has={(d) => d.model !== null} what="the alerts">
        {(d) => <PerformanceAlerts model={d.model!} />}
      </Section>

      <Section name="drift" title="Drift history" query={drift} has={(d) => d.model !== null || rows.length > 0} what="the drift history">
        {() => <DriftHistory rows={rows} modelId={model.id} />}
      </Section>

      <Section name="runs" title="Adaptation runs" query={learning} has={(d) => d.model !== null} what="the adaptation runs">
        {(d) => <AdaptationRuns runs={d.model!.adaptationRuns} modelId={model.id} />}
      </Section>
    </section>
  );
}
