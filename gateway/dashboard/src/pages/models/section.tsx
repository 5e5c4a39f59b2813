/**
 * One section of a model's page, fed by its own query: its heading, then loading, the error (with
 * a retry and what to do) or its content. A section whose subgraph is down says so and the rest
 * of the page stays. `data-section` names it, `data-state` says which of the three it shows.
 */
import type { ComponentChildren } from 'preact';
import type { QueryState } from '../../ui/use-query.js';
import { ErrorState, Loading } from '../../ui/states.js';

export function Section<D>({ name, title, query, has, what, children }: {
  /** `data-section` and the heading's id. */
  name: string;
  title: ComponentChildren;
  query: Pick<QueryState<D>, 'data' | 'errors' | 'loading' | 'unreachable' | 'retry'>;
  /** Whether the data holds what the section shows (a partial answer may not). */
  has: (data: D) => boolean;
  /** What is loading, in words ("the versions"). */
  what: string;
  children: (data: D) => ComponentChildren;
}) {
  const { data, errors, loading, unreachable, retry } = query;
  const ready = data !== null && has(data);
  let body: ComponentChildren;
  let state: string;
  if (ready) {
    body = children(data);
    state = 'ready';
  } else if (loading) {
    body = <Loading what={what} />;
    state = 'loading';
  } else if (unreachable) {
    body = <ErrorState title="The gateway is unreachable" error={`No answer for ${what}.`} retry={retry} />;
    state = 'error';
  } else {
    body = <ErrorState title={`Could not load ${what}`} error={errors.length > 0 ? errors : 'The gateway answered without them.'} retry={retry} />;
    state = 'error';
  }
  return (
    <section class="model-section" aria-labelledby={`section-${name}`} data-section={name} data-state={state}>
      <h2 id={`section-${name}`}>{title}</h2>
      {ready && errors.length > 0 ? (
        <p class="banner banner-warning" role="status" data-testid="partial-errors">
          Part of this could not be loaded: {errors.map((e) => e.message).join('; ')}
        </p>
      ) : null}
      {body}
    </section>
  );
}
