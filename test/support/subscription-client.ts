import { createClient, type Client, type ExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';

/** How a test subscription ended: an `error` message from the server, `complete`, or the socket closing. */
export type Ending = { kind: 'error'; errors: { message: string; extensions?: Record<string, unknown> }[] } | { kind: 'complete' } | { kind: 'closed'; code: number; reason: string };

/**
 * A graphql-ws client as an application would open one on the gateway (`ws://…/graphql`,
 * `connectionParams.authorization`), that does not reconnect by itself (a test sees each
 * ending), and one subscription on it whose events are read one at a time.
 */
export function subscribeTo(httpUrl: string, query: string, { token, variables }: { token?: string | null; variables?: Record<string, unknown> } = {}) {
  const events: ExecutionResult[] = [];
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const waiter of waiters) waiter();
    waiters.clear();
  };
  let ending: Ending | undefined;
  let closed: { code: number; reason: string } | undefined;
  const client: Client = createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    on: {
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        closed = { code, reason: String(reason) };
        wake();
      },
    },
  });
  const settle = (value: Ending) => {
    ending ??= value;
    wake();
  };
  const unsubscribe = client.subscribe(
    { query, variables: variables ?? {} },
    {
      next: (event) => {
        events.push(event as ExecutionResult);
        wake();
      },
      error: (error) =>
        settle(Array.isArray(error) ? { kind: 'error', errors: error } : { kind: 'closed', code: (error as { code: number }).code, reason: String((error as { reason: string }).reason) }),
      complete: () => settle({ kind: 'complete' }),
    },
  );
  let read = 0;
  const changed = () => new Promise<void>((resolve) => waiters.add(resolve));

  return {
    /** The next event; rejects, saying how, when the subscription ends first. */
    async next(): Promise<ExecutionResult> {
      while (read >= events.length) {
        if (ending) throw new Error(`the subscription ended before another event: ${JSON.stringify(ending)}`);
        await changed();
      }
      return events[read++]!;
    },
    /** How the subscription ended (waits for it), after any events not read yet. */
    async ending(): Promise<Ending> {
      while (!ending) await changed();
      return ending;
    },
    /** The close code and reason of the socket, once it closed. */
    async closed(): Promise<{ code: number; reason: string }> {
      while (!closed) await changed();
      return closed;
    },
    unsubscribe,
    dispose: () => client.dispose(),
  };
}
