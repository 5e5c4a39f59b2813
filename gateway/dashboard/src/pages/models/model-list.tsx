/**
 * The Models list (#/models): every deployed model, one row each, with what says whether it needs
 * a look: the active version (the registry's; the serving path's when it differs), candidates
 * waiting, open performance alerts, the latest drift alert and the latest adaptation run.
 */
import { ModelListDocument, type ModelListQuery } from '../../__generated__/graphql.js';
import { useDriftAlerts } from '../../api/live.js';
import { routeHref } from '../../router.js';
import { Empty, ErrorState, Loading, UnreachableBanner } from '../../ui/states.js';
import { Time } from '../../ui/time.js';
import { useQuery } from '../../ui/use-query.js';

type Row = ModelListQuery['models'][number];

const REFRESH_MS = 30_000;

export function ModelList() {
  const { data, errors, loading, unreachable, retry } = useQuery(ModelListDocument, {}, { pollMs: REFRESH_MS });
  const live = useDriftAlerts();

  let body;
  if (data === null && loading) body = <Loading what="the models" />;
  else if (data === null && unreachable) body = <ErrorState title="The gateway is unreachable" error="No answer from the gateway." retry={retry} />;
  else if (!data?.models) body = <ErrorState title="Could not load the models" error={errors.length > 0 ? errors : 'The gateway answered without them.'} retry={retry} />;
  else if (data.models.length === 0) body = <Empty what="No models in the catalog." hint="models/catalog.json lists the deployed models; monitoring serves it." />;
  else
    body = (
      <>
        {errors.length > 0 ? (
          <p class="banner banner-warning" role="status" data-testid="partial-errors">
            Some columns are missing: {errors.map((e) => e.message).join('; ')}
          </p>
        ) : null}
        <table class="data-table models-table" data-testid="models-table" data-row-count={data.models.length}>
          <caption class="visually-hidden">Deployed models</caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Active version</th>
              <th scope="col" class="numeric">
                Candidates
              </th>
              <th scope="col" class="numeric">
                Open alerts
              </th>
              <th scope="col">Latest drift</th>
              <th scope="col">Latest adaptation run</th>
            </tr>
          </thead>
          <tbody>
            {data.models.map((m) => (
              <ModelRow key={m.id} model={m} liveDrift={live.find((a) => a.model.id === m.id) ?? null} />
            ))}
          </tbody>
        </table>
      </>
    );

  return (
    <section class="page" aria-labelledby="models-title" data-testid="models-page">
      <h1 id="models-title">Models</h1>
      {unreachable && data !== null ? <UnreachableBanner /> : null}
      {body}
    </section>
  );
}

function ModelRow({ model, liveDrift }: { model: Row; liveDrift: { id: string; severity: string; detectedAt: string } | null }) {
  const active = model.versions.find((v) => v.active)?.version ?? model.activeVersion;
  const stored = model.driftHistory[0] ?? null;
  // The newer of the stored latest and one delivered live since the list was read.
  const drift = liveDrift && (!stored || Date.parse(liveDrift.detectedAt) >= Date.parse(stored.detectedAt)) ? liveDrift : stored;
  const run = model.adaptationRuns[0] ?? null;
  return (
    <tr
      data-model-id={model.id}
      data-active-version={active ?? ''}
      data-serving-version={model.activeVersion ?? ''}
      data-candidate-count={model.candidates.length}
      data-open-alerts={model.performanceAlerts.length}
      data-latest-drift-id={drift?.id ?? ''}
      data-latest-run-status={run?.state ?? ''}
    >
      <th scope="row">
        <a href={routeHref({ page: 'models', id: model.id })}>{model.id}</a>
        <span class="sub">{model.description}</span>
      </th>
      <td>
        <code>{active ?? '—'}</code>
        {model.activeVersion && model.activeVersion !== active ? <span class="sub">serving {model.activeVersion}</span> : null}
      </td>
      <td class="numeric">{model.candidates.length > 0 ? model.candidates.length : <span class="sub">none</span>}</td>
      <td class="numeric" title={model.performanceAlerts.map((a) => a.rule).join(', ') || 'No open alert'}>
        {model.performanceAlerts.length > 0 ? <span class="pill pill-alert">{model.performanceAlerts.length}</span> : <span class="sub">none</span>}
      </td>
      <td>
        {drift ? (
          <>
            <span class={`pill pill-severity-${drift.severity.toLowerCase()}`}>{drift.severity}</span> <Time value={drift.detectedAt} />
          </>
        ) : (
          <span class="sub">{model.outcome ? 'none' : 'not watched (no feedback)'}</span>
        )}
      </td>
      <td>
        {run ? (
          <>
            <span class={`pill pill-run-${run.state.toLowerCase()}`}>{run.state}</span> <Time value={run.startedAt} />
          </>
        ) : (
          <span class="sub">none</span>
        )}
      </td>
    </tr>
  );
}
