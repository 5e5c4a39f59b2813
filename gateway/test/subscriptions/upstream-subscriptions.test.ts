import { describe, expect, it } from 'vitest';
import { upstreamFailure, webSocketUrl } from '../../src/subscriptions/upstream-subscriptions.js';

describe('webSocketUrl', () => {
  it("is the subgraph's routing URL with ws:// or wss://, path and port kept", () => {
    expect(webSocketUrl('http://127.0.0.1:4007/graphql')).toBe('ws://127.0.0.1:4007/graphql');
    expect(webSocketUrl('https://drift.example/api/graphql')).toBe('wss://drift.example/api/graphql');
  });

  it('refuses a routing URL that is not http(s), naming it', () => {
    expect(() => webSocketUrl('ftp://drift.example/graphql')).toThrow('got ftp://drift.example/graphql');
  });
});

describe('upstreamFailure', () => {
  it("passes on a subgraph's refusal with its code and the subgraph's name", () => {
    const error = upstreamFailure('drift', [{ message: 'modelId: no such model', extensions: { code: 'BAD_USER_INPUT', field: 'modelId' } }, { message: 'another' }], 5);
    expect(error.message).toBe('the drift subgraph refused the subscription: modelId: no such model (and 1 more)');
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'modelId', serviceName: 'drift' });
  });

  it('calls a refused proof FORBIDDEN and a socket that stayed closed SERVICE_UNAVAILABLE', () => {
    expect(upstreamFailure('drift', { code: 4403, reason: 'Forbidden' }, 5).extensions).toEqual({ code: 'FORBIDDEN', serviceName: 'drift' });
    const closed = upstreamFailure('drift', { code: 1006, reason: '' }, 5);
    expect(closed.message).toBe("the drift subgraph's subscription ended: its connection closed (1006) and 5 reconnection attempts did not restore it");
    expect(closed.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', serviceName: 'drift' });
  });
});
