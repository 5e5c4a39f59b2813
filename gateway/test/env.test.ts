import { describe, expect, it } from 'vitest';
import { loadEnv } from '../src/env.js';

const SUBGRAPH_SECRET = 'the-subgraph-secret-of-32-characters-or-more';
const AUTH_JWT_SECRET = 'the-user-token-secret-of-32-characters-or-more';

describe("the gateway's environment", () => {
  it('reads the token keys, the subgraph secret and the deadline (30 s by default)', () => {
    expect(loadEnv({ AUTH_JWT_SECRET, SUBGRAPH_SECRET })).toMatchObject({ AUTH_JWT_SECRET, SUBGRAPH_SECRET, GATEWAY_DEADLINE_MS: 30_000 });
    expect(loadEnv({ AUTH_JWKS_URL: 'https://id.example/jwks.json', SUBGRAPH_SECRET, GATEWAY_DEADLINE_MS: '5000' })).toMatchObject({ GATEWAY_DEADLINE_MS: 5000 });
  });

  it('refuses to start without a key for client tokens or without SUBGRAPH_SECRET, naming both', () => {
    expect(() => loadEnv({})).toThrow(/SUBGRAPH_SECRET="": is required[\s\S]*AUTH_JWT_SECRET="": client tokens need a key: set AUTH_JWT_SECRET .* or AUTH_JWKS_URL/);
  });

  it('refuses one secret for both purposes, and a deadline too short for a round trip', () => {
    expect(() => loadEnv({ AUTH_JWT_SECRET, SUBGRAPH_SECRET: AUTH_JWT_SECRET })).toThrow(/SUBGRAPH_SECRET=<\d+ characters, hidden>: must differ from AUTH_JWT_SECRET/);
    expect(() => loadEnv({ AUTH_JWT_SECRET, SUBGRAPH_SECRET, GATEWAY_DEADLINE_MS: '50' })).toThrow(/GATEWAY_DEADLINE_MS="50": must be at least 1000/);
  });
});
