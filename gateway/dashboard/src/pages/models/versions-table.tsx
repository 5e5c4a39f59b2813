/**
 * A model's registered versions, newest first: which one is active (what the predicting
 * subgraphs serve), the candidates learning made and kept out of service, where each came from
 * (its lineage) and the champion/challenger evidence it was judged on. Every version but the
 * active one can be made active (a rollback, or promoting a candidate): an admin action.
 */
import { useState } from 'preact/hooks';
import { ActivateModelVersionDocument, type ModelLearningQuery } from '../../__generated__/graphql.js';
import { request } from '../../api/request.js';
import { formatInteger } from '../../ui/format.js';
import { Empty } from '../../ui/states.js';
import { Time } from '../../ui/time.js';
import { AdminAction } from './admin-action.js';
import { Evidence } from './evidence.js';

type Model = NonNullable<ModelLearningQuery['model']>;
type Version = Model['versions'][number];

function Lineage({ version }: { version: Version }) {
  const l = version.lineage;
  if (!l) return <span class="sub">{version.origin === 'learning' ? 'made by learning' : `from ${version.origin}`}</span>;
  return (
    <span class="lineage">
      {l.strategy === 'FULL_RETRAIN' ? 'retrained' : `fine-tuned from ${l.parentVersion ?? '?'}`} on {formatInteger(l.feedbackUsed)} fed-back examples
      {l.replayUsed > 0 ? ` + ${formatInteger(l.replayUsed)} replayed` : ''}, {formatInteger(l.heldOut)} held out; {l.epochs} epochs at rate {l.learningRate.toExponential(1)}
      {l.dataFrom && l.dataTo ? (
        <span class="sub">
          feedback from <Time value={l.dataFrom} /> to <Time value={l.dataTo} />
        </span>
      ) : null}
    </span>
  );
}

export function VersionsTable({ model, onChanged }: { model: Model; onChanged: () => void }) {
  const candidates = new Set(model.candidates.map((c) => c.version));
  const active = model.versions.find((v) => v.active)?.version ?? null;
  // Kept here, not in the row: the row of a version just activated loses its button.
  const [activated, setActivated] = useState<{ version: string; previous: string | null } | null>(null);
  if (model.versions.length === 0) {
    return <Empty what="No registered versions." hint="Learning registers the committed model artifacts when it starts; is the learning subgraph up (see the status light)?" />;
  }
  return (
    <>
    {activated ? (
      <p class="banner banner-ok" role="status" data-testid="activation-result" data-version={activated.version}>
        <code>{activated.version}</code> is now the active version of {model.id}
        {activated.previous && activated.previous !== activated.version ? (
          <>
            {' '}
            (was <code>{activated.previous}</code>)
          </>
        ) : null}
        .
      </p>
    ) : null}
    <table class="data-table versions-table" data-testid="versions" data-version-count={model.versions.length} data-candidate-count={candidates.size}>
      <caption class="visually-hidden">Versions of {model.id}, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Version</th>
          <th scope="col">Status</th>
          <th scope="col">Registered</th>
          <th scope="col">Lineage</th>
          <th scope="col">Champion/challenger evidence</th>
          <th scope="col">Action</th>
        </tr>
      </thead>
      <tbody>
        {model.versions.map((v) => {
          const status = v.active ? 'active' : candidates.has(v.version) ? 'candidate' : 'inactive';
          return (
            <tr key={v.version} data-version={v.version} data-active={String(v.active)} data-candidate={String(candidates.has(v.version))} data-origin={v.origin} class={v.active ? 'row-active' : undefined}>
              <th scope="row">
                <code>{v.version}</code>
              </th>
              <td>
                <span class={`pill pill-${status}`}>{status}</span>
                {v.active && v.activatedAt ? (
                  <span class="sub">
                    since <Time value={v.activatedAt} />
                  </span>
                ) : null}
              </td>
              <td>
                <Time value={v.registeredAt} />
                <span class="sub">{v.origin}</span>
              </td>
              <td>
                <Lineage version={v} />
              </td>
              <td>{v.evaluation ? <Evidence evaluation={v.evaluation} /> : <span class="sub">not evaluated (not made by learning)</span>}</td>
              <td>
                {v.active ? (
                  <span class="sub">in service</span>
                ) : (
                  <AdminAction
                    action="activate-version"
                    attrs={{ 'data-version': v.version }}
                    label={candidates.has(v.version) ? `Activate ${v.version}` : `Roll back to ${v.version}`}
                    confirm={
                      <>
                        Make <code>{v.version}</code> the active version of {model.id}
                        {active ? (
                          <>
                            {' '}
                            in place of <code>{active}</code>
                          </>
                        ) : null}
                        ? The predicting subgraphs serve it within a few seconds.
                      </>
                    }
                    run={() => request(ActivateModelVersionDocument, { modelId: model.id, version: v.version })}
                    done={(data) => (
                      <>
                        <code>{data.activateModelVersion.version}</code> is now the active version.
                      </>
                    )}
                    onDone={(data) => {
                      setActivated({ version: data.activateModelVersion.version, previous: active });
                      onChanged();
                    }}
                  />
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
    </>
  );
}
