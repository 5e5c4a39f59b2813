import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localAuth, localSigningSecret } from '../src/dev-secrets.js';

describe('the secrets of a local run', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'dev-secrets-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('generates AUTH_JWT_SECRET once and keeps it under DATA_DIR (owner-only), so tokens outlive a restart; SUBGRAPH_SECRET is fresh per run', () => {
    const first = localAuth({}, dataDir);
    const second = localAuth({}, dataDir);
    expect(first.gatewayEnv.AUTH_JWT_SECRET).toHaveLength(43);
    expect(second.gatewayEnv.AUTH_JWT_SECRET).toBe(first.gatewayEnv.AUTH_JWT_SECRET);
    expect(statSync(join(dataDir, 'auth-jwt-secret')).mode & 0o777).toBe(0o600);
    expect(second.subgraphEnv.SUBGRAPH_SECRET).not.toBe(first.subgraphEnv.SUBGRAPH_SECRET);
    expect(first.gatewayEnv.SUBGRAPH_SECRET).toBe(first.subgraphEnv.SUBGRAPH_SECRET);
    expect(first.mintingSecret).toBe(first.gatewayEnv.AUTH_JWT_SECRET);
    expect(localSigningSecret(undefined, dataDir)).toBe(first.gatewayEnv.AUTH_JWT_SECRET);
  });

  it('passes configured values on and generates nothing for them', () => {
    const configured = { AUTH_JWT_SECRET: 'x'.repeat(40), SUBGRAPH_SECRET: 'y'.repeat(40), AUTH_ISSUER: 'iss', AUTH_AUDIENCE: 'aud' };
    const auth = localAuth(configured, dataDir);
    expect(auth.gatewayEnv).toEqual(configured);
    expect(auth.subgraphEnv).toEqual({ SUBGRAPH_SECRET: configured.SUBGRAPH_SECRET });
    expect(localSigningSecret(undefined, dataDir)).toBeNull();
  });

  it('with AUTH_JWKS_URL alone, mints nothing locally: tokens come from the identity provider', () => {
    const auth = localAuth({ AUTH_JWKS_URL: 'https://id.example/jwks.json' }, dataDir);
    expect(auth.mintingSecret).toBeNull();
    expect(auth.gatewayEnv).toMatchObject({ AUTH_JWKS_URL: 'https://id.example/jwks.json' });
    expect(auth.gatewayEnv.AUTH_JWT_SECRET).toBeUndefined();
  });
});
