/**
 * Data for a page: runs a typed query through the gateway when mounted and when its variables
 * change, optionally every `pollMs`, and again by itself once the gateway is back after an
 * outage (the live connection reconnected, or a retry found it answering). While the gateway
 * cannot be reached the last data stays on screen with `unreachable` set, and the query is
 * tried again with backoff.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { GraphQLFormattedError } from 'graphql';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { onReconnect } from '../api/live.js';
import { GatewayUnreachableError, onReachability, request } from '../api/request.js';

export interface QueryState<D> {
  /** The latest data (kept while a refetch runs or the gateway is unreachable); null before the first answer. */
  data: D | null;
  /** The latest answer's GraphQL errors (partial data may come with them). */
  errors: readonly GraphQLFormattedError[];
  /** True while a request is in flight. */
  loading: boolean;
  /** True when the last attempt could not reach the gateway (it is retried by itself). */
  unreachable: boolean;
  /** Runs the query again now. */
  retry: () => void;
}

export interface QueryOptions {
  /** Runs the query again every `pollMs` while mounted (none when left out). */
  pollMs?: number;
  /** False: do not run (yet), e.g. until a search has text. Default true. */
  enabled?: boolean;
}

/** While unreachable: try again after 2 s, doubling to 30 s. */
const unreachableDelayMs = (attempt: number) => Math.min(30_000, 2_000 * 2 ** attempt);

/** Runs `doc` with `vars` through the gateway; see the module comment for when it runs again. */
export function useQuery<D, V>(doc: TypedDocumentNode<D, V>, vars: V, options: QueryOptions = {}): QueryState<D> {
  const [data, setData] = useState<D | null>(null);
  const [errors, setErrors] = useState<readonly GraphQLFormattedError[]>([]);
  const [loading, setLoading] = useState(true);
  const [unreachable, setUnreachable] = useState(false);
  const [generation, setGeneration] = useState(0);
  const key = JSON.stringify(vars ?? null);
  const failures = useRef(0);
  const enabled = options.enabled ?? true;

  const retry = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    if (!enabled) {
      setLoading(false);
      return;
    }
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    setLoading(true);
    request(doc, JSON.parse(key) as V, { signal: controller.signal }).then(
      (result) => {
        if (controller.signal.aborted) return;
        failures.current = 0;
        setData(result.data);
        setErrors(result.errors);
        setUnreachable(false);
        setLoading(false);
        if (options.pollMs) timer = setTimeout(retry, options.pollMs);
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setLoading(false);
        if (error instanceof GatewayUnreachableError) {
          setUnreachable(true);
          timer = setTimeout(retry, unreachableDelayMs(failures.current++));
        } else {
          setErrors([{ message: error instanceof Error ? error.message : String(error) }]);
        }
      },
    );
    return () => {
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }, [doc, key, generation, enabled, options.pollMs]);

  // Back after an outage: run again at once, whether the socket or another request noticed first.
  useEffect(() => onReconnect(retry), [retry]);
  useEffect(
    () =>
      onReachability((reachable) => {
        if (reachable && failures.current > 0) {
          failures.current = 0;
          retry();
        }
      }),
    [retry],
  );

  return { data, errors, loading, unreachable, retry };
}
