/**
 * What a page shows when it has nothing to show yet: loading, empty (with what to do about it),
 * or an error (with what happened, what to do, and a retry). Every page uses these so the three
 * look and read the same everywhere; each carries a `data-state` for the browser tests.
 */
import type { ComponentChildren } from 'preact';
import type { GraphQLFormattedError } from 'graphql';
import { GatewayUnreachableError } from '../api/request.js';

/** A polite, announced "loading" line. */
export function Loading({ what = 'data' }: { what?: string }) {
  return (
    <p class="state state-loading" role="status" aria-live="polite" data-state="loading">
      <span class="spinner" aria-hidden="true" /> Loading {what}…
    </p>
  );
}

/** Nothing to show: says what is missing (`what`) and how to get some (`hint`). */
export function Empty({ what, hint }: { what: string; hint?: ComponentChildren }) {
  return (
    <div class="state state-empty" role="status" data-state="empty">
      <p>
        <strong>{what}</strong>
      </p>
      {hint ? <p class="hint">{hint}</p> : null}
    </div>
  );
}

/** Something an ErrorState can explain: a thrown error, GraphQL errors, or a sentence. */
export type ShownError = unknown | readonly GraphQLFormattedError[] | string;

/** The first GraphQL error's code (extensions.code), if any. */
export function errorCode(errors: readonly GraphQLFormattedError[]): string | undefined {
  const code = errors[0]?.extensions?.code;
  return typeof code === 'string' ? code : undefined;
}

/** What to tell the viewer to do about an error, by its kind. */
export function adviceFor(error: ShownError): string {
  if (error instanceof GatewayUnreachableError) return 'The gateway is not answering. Is `pnpm start` still running? This page tries again by itself.';
  if (Array.isArray(error)) {
    switch (errorCode(error as readonly GraphQLFormattedError[])) {
      case 'UNAUTHENTICATED':
        return 'The token was refused (expired or from another start). Paste a fresh one from `pnpm start`’s output or `pnpm -s token`.';
      case 'FORBIDDEN':
        return 'The token lacks the scope this needs. `pnpm -s token admin predict` mints one that has it.';
      case 'SERVICE_UNAVAILABLE':
        return 'A service behind the gateway is down; the status light says which. It is retried when you press Retry.';
      case 'NOT_FOUND':
        return 'Nothing with that id: check the address, or go back to the list.';
      default:
        return 'Press Retry; if it persists, the gateway’s log says more.';
    }
  }
  return 'Press Retry; if it persists, the gateway’s log says more.';
}

function messageOf(error: ShownError): string {
  if (typeof error === 'string') return error;
  if (Array.isArray(error)) return (error as readonly GraphQLFormattedError[]).map((e) => e.message).join('; ') || 'The gateway answered with an error.';
  if (error instanceof Error) return error.message;
  return String(error);
}

/** An error, in words, with advice and (when given) a Retry button. */
export function ErrorState({ error, retry, title = 'Could not load this' }: { error: ShownError; retry?: () => void; title?: string }) {
  const code = Array.isArray(error) ? errorCode(error as readonly GraphQLFormattedError[]) : error instanceof GatewayUnreachableError ? error.code : undefined;
  return (
    <div class="state state-error" role="alert" data-state="error" data-error-code={code}>
      <p>
        <strong>{title}:</strong> {messageOf(error)}
      </p>
      <p class="hint">{adviceFor(error)}</p>
      {retry ? (
        <button type="button" onClick={retry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}

/** A banner over a page whose data may be stale because the gateway stopped answering (the app shows it over every page: ui/gateway-banner.tsx). */
export function UnreachableBanner() {
  return (
    <p class="banner banner-warning" role="status" aria-live="polite" data-testid="unreachable">
      The gateway is not answering; what you see may be out of date. Retrying by itself…
    </p>
  );
}
