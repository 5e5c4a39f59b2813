import { randomUUID } from 'node:crypto';

/**
 * Which request a call belongs to, across services: the client's (or the gateway's) request id,
 * and the services it has already passed through on its way here. The gateway forwards both to
 * every subgraph; a subgraph that reads through the supergraph sends them back, with its own
 * name added, so one request id ties the whole tree of calls together and a call that would
 * come back through a service it already left is refused instead of looping.
 */
export interface RequestTrace {
  requestId: string;
  /** Services the request passed through before this one, oldest first. */
  via: readonly string[];
}

export const REQUEST_ID_HEADER = 'x-request-id';
export const VIA_HEADER = 'x-telepulse-via';

/** How many subgraph-to-gateway hops one request may make before the gateway refuses it. */
export const MAX_HOPS = 4;

// Ids come from clients: only short, printable tokens travel on; anything else gets a fresh id.
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const SERVICE = /^[a-z0-9-]{1,64}$/;

type HeaderValue = string | string[] | null | undefined;

/** The trace of an incoming request, from its headers; a fresh id when it carries none (or a malformed one). */
export function readTrace(header: (name: string) => HeaderValue): RequestTrace {
  const first = (value: HeaderValue) => (Array.isArray(value) ? value[0] : value) ?? undefined;
  const id = first(header(REQUEST_ID_HEADER));
  const via = (first(header(VIA_HEADER)) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => SERVICE.test(s));
  return { requestId: id && REQUEST_ID.test(id) ? id : randomUUID(), via };
}

/** The headers that carry `trace` to the next service. */
export function traceHeaders(trace: RequestTrace): Record<string, string> {
  return { [REQUEST_ID_HEADER]: trace.requestId, ...(trace.via.length > 0 ? { [VIA_HEADER]: trace.via.join(',') } : {}) };
}
