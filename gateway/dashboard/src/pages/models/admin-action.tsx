/**
 * An admin action of the Models page (run the pipeline, activate a version): a button that asks
 * for confirmation in place (no browser dialog: keyboard- and test-friendly), then runs the
 * mutation with the token in force and shows what came back: the result, or the coded error
 * (UNAUTHENTICATED without a token, FORBIDDEN without the `admin` scope, CONFLICT while a run
 * holds the model …) with what to do about it. `data-action` names it, `data-action-state` says
 * where it stands (idle, confirming, running, done, failed), `data-error-code` the error's code.
 */
import type { ComponentChildren } from 'preact';
import type { GraphQLFormattedError } from 'graphql';
import { useEffect, useRef, useState } from 'preact/hooks';
import { GatewayUnreachableError, type GraphQLResult } from '../../api/request.js';
import { getToken } from '../../api/token.js';
import { adviceFor, errorCode } from '../../ui/states.js';

type ActionState<D> =
  | { step: 'idle' }
  | { step: 'confirming' }
  | { step: 'running' }
  | { step: 'done'; data: D }
  | { step: 'failed'; code: string; message: string; advice: string };

export interface AdminActionProps<D> {
  /** `data-action`: what the tests find it by (`start-pipeline`, `activate-version`). */
  action: string;
  /** The button's text. */
  label: string;
  /** The question asked before it runs, saying what will happen. */
  confirm: ComponentChildren;
  /** Runs the mutation. */
  run: () => Promise<GraphQLResult<D>>;
  /** What a successful answer says (its data is there). */
  done: (data: D) => ComponentChildren;
  /** Called after a successful answer (the page refetches). */
  onDone?: (data: D) => void;
  /** Attributes of the wrapper a test may read (`data-version`). */
  attrs?: Record<string, string>;
  disabled?: boolean;
}

/** What a failed answer says, with a code and advice even when the error carried none. */
function failure(errors: unknown): { code: string; message: string; advice: string } {
  if (errors instanceof GatewayUnreachableError) return { code: errors.code, message: errors.message, advice: adviceFor(errors) };
  if (Array.isArray(errors)) {
    const list = errors as readonly GraphQLFormattedError[];
    const code = errorCode(list) ?? 'ERROR';
    const advice =
      code === 'UNAUTHENTICATED' && !getToken()
        ? 'This needs a token with the `admin` scope: paste the one `pnpm start` printed (or `pnpm -s token admin`) into the Token box above.'
        : code === 'CONFLICT'
          ? 'A run of this model is going on already: wait for it to finish (it is listed below), then try again.'
          : adviceFor(list);
    return { code, message: list.map((e) => e.message).join('; '), advice };
  }
  return { code: 'ERROR', message: errors instanceof Error ? errors.message : String(errors), advice: adviceFor(errors) };
}

export function AdminAction<D>(props: AdminActionProps<D>) {
  const [state, setState] = useState<ActionState<D>>({ step: 'idle' });
  const confirmButton = useRef<HTMLButtonElement>(null);
  // Focus moves to "Yes" once when the question appears (not on every re-render: a refetch must not steal it from Cancel).
  useEffect(() => {
    if (state.step === 'confirming') confirmButton.current?.focus();
  }, [state.step]);

  const go = async () => {
    setState({ step: 'running' });
    try {
      const result = await props.run();
      if (result.errors.length > 0 || result.data === null) {
        setState({ step: 'failed', ...failure(result.errors.length > 0 ? result.errors : [{ message: 'The gateway answered without data.' }]) });
        return;
      }
      setState({ step: 'done', data: result.data });
      props.onDone?.(result.data);
    } catch (error) {
      setState({ step: 'failed', ...failure(error) });
    }
  };

  return (
    <div class="admin-action" data-action={props.action} data-action-state={state.step} {...props.attrs}>
      {state.step === 'confirming' ? (
        <div class="confirm" role="group" aria-label={`Confirm: ${props.label}`} onKeyDown={(e) => e.key === 'Escape' && setState({ step: 'idle' })}>
          <p>{props.confirm}</p>
          <button type="button" class="primary" data-testid="confirm" onClick={() => void go()} ref={confirmButton}>
            Yes, {props.label.charAt(0).toLowerCase() + props.label.slice(1)}
          </button>{' '}
          <button type="button" data-testid="cancel" onClick={() => setState({ step: 'idle' })}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="button" data-testid="action" disabled={props.disabled || state.step === 'running'} onClick={() => setState({ step: 'confirming' })}>
          {state.step === 'running' ? `${props.label}…` : props.label}
        </button>
      )}
      {state.step === 'done' ? (
        <p class="action-result" role="status" data-testid="action-result">
          {props.done(state.data)}
        </p>
      ) : null}
      {state.step === 'failed' ? (
        <div class="action-error" role="alert" data-testid="action-error" data-error-code={state.code}>
          <p>
            <strong>{state.code}</strong>: {state.message}
          </p>
          <p class="hint">{state.advice}</p>
        </div>
      ) : null}
    </div>
  );
}
