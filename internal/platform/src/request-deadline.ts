import type { ServerResponse } from 'node:http';
import { CancelledError, DeadlineExceededError, DomainError } from './errors.js';

/**
 * The signal one request's work runs under: aborted with DeadlineExceededError when `timeoutMs`
 * has passed (at once when it already has), or with CancelledError when the connection closes
 * before the response was sent (the client, for a subgraph the gateway, has gone). The timer
 * ends with the response.
 */
export function requestSignal(res: ServerResponse, timeoutMs: number): AbortSignal {
  const controller = new AbortController();
  if (timeoutMs <= 0) {
    controller.abort(new DeadlineExceededError(timeoutMs));
    return controller.signal;
  }
  const timer = setTimeout(() => controller.abort(new DeadlineExceededError(timeoutMs)), timeoutMs);
  res.once('close', () => {
    clearTimeout(timer);
    if (!res.writableFinished) controller.abort(new CancelledError());
  });
  return controller.signal;
}

/**
 * Throws, as a coded error (DEADLINE_EXCEEDED, CANCELLED), when the request's signal has
 * aborted; call it right before each database write, so nothing is written for a request whose
 * client already has its answer (or is gone).
 */
export function assertLive(signal: AbortSignal): void {
  if (!signal.aborted) return;
  if (signal.reason instanceof DomainError) throw signal.reason;
  throw new CancelledError();
}
