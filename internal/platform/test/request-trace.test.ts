import { describe, expect, it } from 'vitest';
import { readTrace, traceHeaders } from '../src/request-trace.js';
import { RequestLoopError, SupergraphClient } from '../src/supergraph-client.js';
import { parse } from 'graphql';
import { DeadlineExceededError } from '../src/errors.js';

/** The signal of a request that is still running. */
const live = new AbortController().signal;
const headers = (values: Record<string, string>) => (name: string) => values[name];

describe('request traces', () => {
  it('keeps a well-formed request id and the services it came through', () => {
    expect(readTrace(headers({ 'x-request-id': 'dash-1', 'x-telepulse-via': 'engagement, growth' }))).toEqual({ requestId: 'dash-1', via: ['engagement', 'growth'] });
  });

  it('replaces a missing or malformed id with a fresh one, and drops malformed service names', () => {
    const trace = readTrace(headers({ 'x-request-id': 'x'.repeat(500), 'x-telepulse-via': 'engagement,<script>,' }));
    expect(trace.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(trace.via).toEqual(['engagement']);
    expect(readTrace(headers({})).requestId).not.toBe(readTrace(headers({})).requestId);
  });

  it('writes the headers back as it read them', () => {
    const trace = { requestId: 'r-1', via: ['engagement', 'content'] };
    expect(readTrace(headers(traceHeaders(trace)))).toEqual(trace);
    expect(traceHeaders({ requestId: 'r-2', via: [] })).toEqual({ 'x-request-id': 'r-2' });
  });
});

describe('SupergraphClient', () => {
  it('refuses, before sending anything, a read by a service the request already passed through', async () => {
    // Nothing listens on this URL: a request sent would fail as unavailable, not as a loop.
    const client = new SupergraphClient({ url: 'http://127.0.0.1:9/graphql', timeoutMs: 100, caller: 'engagement' });
    const read = client.request(parse('{ __typename }'), {}, { trace: { requestId: 'r-3', via: ['engagement'] }, signal: live });
    await expect(read).rejects.toBeInstanceOf(RequestLoopError);
    await expect(read).rejects.toMatchObject({ code: 'REQUEST_LOOP', details: { requestId: 'r-3', via: ['engagement'] } });
    expect(client.stats.requests).toBe(0);
  });

  it('turns an unreachable gateway into SERVICE_UNAVAILABLE', async () => {
    const client = new SupergraphClient({ url: 'http://127.0.0.1:9/graphql', timeoutMs: 500, caller: 'engagement' });
    await expect(client.request(parse('{ __typename }'), {}, { trace: { requestId: 'r-4', via: [] }, signal: live })).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });

  it('sends nothing for a request whose deadline has passed, and says so', async () => {
    const client = new SupergraphClient({ url: 'http://127.0.0.1:9/graphql', timeoutMs: 500, caller: 'engagement' });
    const expired = new AbortController();
    expired.abort(new DeadlineExceededError(100));
    await expect(client.request(parse('{ __typename }'), {}, { trace: { requestId: 'r-5', via: [] }, signal: expired.signal })).rejects.toMatchObject({ code: 'DEADLINE_EXCEEDED' });
    expect(client.stats.requests).toBe(0);
  });
});
