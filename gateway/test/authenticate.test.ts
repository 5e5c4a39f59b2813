import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { bodySha256, signGatewayProof, type GatewayProof } from '@telepulse/platform/gateway-proof';
import { createUserTokenVerifier, userTokenAdmission } from '../src/authenticate.js';

const secret = 'a-user-token-secret-of-at-least-32-chars';
const hs256 = (claims: Record<string, unknown>, { key = secret, exp = '1h' as string | null, sub = 'ada' as string | null } = {}) => {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt();
  if (sub) jwt.setSubject(sub);
  if (exp) jwt.setExpirationTime(exp);
  return jwt.sign(new TextEncoder().encode(key));
};

describe('client tokens signed with AUTH_JWT_SECRET (HS256)', () => {
  const verify = createUserTokenVerifier({ jwtSecret: secret });

  it('gives the subject and the scopes of `scope` (space-separated) and `scopes` (an array), merged', async () => {
    expect(await verify(await hs256({ scope: 'ingest predict' }))).toEqual({ subject: 'ada', scopes: ['ingest', 'predict'] });
    expect(await verify(await hs256({ scopes: ['admin', 'ingest'], scope: 'ingest' }))).toEqual({ subject: 'ada', scopes: ['ingest', 'admin'] });
    expect(await verify(await hs256({}))).toEqual({ subject: 'ada', scopes: [] });
  });

  it('refuses, saying why: expired, another secret, no `sub`, no `exp`, not a JWT', async () => {
    await expect(verify(await hs256({}, { exp: '-1m' }))).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: 'the bearer token has expired' });
    await expect(verify(await hs256({}, { key: 'another-secret-of-at-least-32-characters' }))).rejects.toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'signature' } });
    await expect(verify(await hs256({}, { sub: null }))).rejects.toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'claim', claim: 'sub' } });
    await expect(verify(await hs256({}, { exp: null }))).rejects.toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'claim', claim: 'exp' } });
    await expect(verify('abc.def')).rejects.toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'malformed' } });
  });

  it('remembers a verified token only until it expires: past its `exp` the same token is refused as expired', async () => {
    const remembering = createUserTokenVerifier({ jwtSecret: secret });
    const token = await hs256({ scope: 'predict' }, { exp: '1m' });
    expect(await remembering(token)).toEqual({ subject: 'ada', scopes: ['predict'] });
    expect(await remembering(token)).toEqual({ subject: 'ada', scopes: ['predict'] });
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 2 * 60_000);
      await expect(remembering(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: 'the bearer token has expired' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('checks issuer and audience when configured', async () => {
    const strict = createUserTokenVerifier({ jwtSecret: secret, issuer: 'https://id.example', audience: 'telepulse' });
    const token = (iss: string, aud: string) => new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('ada').setIssuer(iss).setAudience(aud).setExpirationTime('1h').sign(new TextEncoder().encode(secret));
    expect(await strict(await token('https://id.example', 'telepulse'))).toMatchObject({ subject: 'ada' });
    await expect(strict(await token('https://evil.example', 'telepulse'))).rejects.toMatchObject({ details: { reason: 'claim', claim: 'iss' } });
    await expect(strict(await token('https://id.example', 'other'))).rejects.toMatchObject({ details: { reason: 'claim', claim: 'aud' } });
  });

  it('needs a key source', () => {
    expect(() => createUserTokenVerifier({})).toThrow(/AUTH_JWT_SECRET.*AUTH_JWKS_URL/);
  });
});

describe('client tokens signed by a key of AUTH_JWKS_URL', () => {
  let server: http.Server;
  let jwksUrl: string;
  let privateKey: CryptoKey;
  let stranger: CryptoKey;
  let requests = 0;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    stranger = (await generateKeyPair('ES256')).privateKey;
    const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    // An identity provider's JWKS endpoint, on loopback.
    server = http.createServer((_req, res) => {
      requests += 1;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const es256 = (key: CryptoKey, kid = 'k1') => new SignJWT({ scope: 'predict' }).setProtectedHeader({ alg: 'ES256', kid }).setSubject('svc').setExpirationTime('5m').sign(key);

  it("accepts a token signed with the provider's key, fetching its keys once", async () => {
    const verify = createUserTokenVerifier({ jwksUrl });
    expect(await verify(await es256(privateKey))).toEqual({ subject: 'svc', scopes: ['predict'] });
    expect(await verify(await es256(privateKey))).toEqual({ subject: 'svc', scopes: ['predict'] });
    expect(requests).toBe(1);
  });

  it('refuses a token signed with another key, and an HS256 token when no secret is configured', async () => {
    const verify = createUserTokenVerifier({ jwksUrl });
    await expect(verify(await es256(stranger))).rejects.toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'signature' } });
    await expect(verify(await hs256({}))).rejects.toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'algorithm' } });
  });

  it('answers SERVICE_UNAVAILABLE, not UNAUTHENTICATED, when the key set cannot be fetched', async () => {
    const verify = createUserTokenVerifier({ jwksUrl: 'http://127.0.0.1:9/jwks.json' });
    await expect(verify(await es256(privateKey))).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });
});

describe("the gateway's admission", () => {
  const admit = userTokenAdmission(createUserTokenVerifier({ jwtSecret: secret }), 1500);

  it('admits a request without a token as anonymous, with the trace of its headers and the gateway deadline', async () => {
    expect(await admit({ 'x-request-id': 'r-9' })).toEqual({ identity: null, trace: { requestId: 'r-9', via: [] }, timeoutMs: 1500 });
    expect((await admit({ authorization: '  ' })).identity).toBeNull();
  });

  it('admits a valid bearer token with its identity; refuses another scheme', async () => {
    expect((await admit({ authorization: `Bearer ${await hs256({ scope: 'ingest' })}` })).identity).toEqual({ subject: 'ada', scopes: ['ingest'] });
    await expect(admit({ authorization: 'Basic dXNlcjpwYXNz' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('admits a remembered token as it did the first time, and refuses it once expired', async () => {
    const verify = createUserTokenVerifier({ jwtSecret: secret });
    const remembering = userTokenAdmission(verify, 1500);
    const token = await hs256({ scope: 'predict' }, { exp: '1m' });
    expect(verify.remembered?.(token)).toBeUndefined();
    const first = await remembering({ authorization: `Bearer ${token}`, 'x-request-id': 'r-1' });
    expect(verify.remembered?.(token)).toEqual({ subject: 'ada', scopes: ['predict'] });
    expect(await remembering({ authorization: `Bearer ${token}`, 'x-request-id': 'r-1' })).toEqual(first);
    expect(first).toEqual({ identity: { subject: 'ada', scopes: ['predict'] }, trace: { requestId: 'r-1', via: [] }, timeoutMs: 1500 });
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 2 * 60_000);
      expect(verify.remembered?.(token)).toBeUndefined();
      await expect(remembering({ authorization: `Bearer ${token}` })).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: 'the bearer token has expired' });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("the gateway's admission of its own pipeline's calls", () => {
  const subgraphSecret = 'a-subgraph-secret-of-at-least-32-chars!!';
  const admit = userTokenAdmission(createUserTokenVerifier({ jwtSecret: secret }), 1500, { subgraphSecret, audience: 'gateway' });
  const proof = (overrides: Partial<GatewayProof> = {}, key = subgraphSecret) =>
    signGatewayProof(key, {
      audience: 'gateway',
      identity: { subject: 'gateway:adaptation', scopes: ['admin', 'feedback'] },
      trace: { requestId: 'run-1', via: ['adaptation'] },
      timeoutMs: 30_000,
      bodySha256: bodySha256('{"query":"{ a }"}'),
      ...overrides,
    });

  it('admits a proof it minted for itself: its identity and trace, the body it covers, the shorter deadline', async () => {
    expect(await admit({ authorization: `Bearer ${await proof()}`, 'x-request-id': 'ignored' })).toEqual({
      identity: { subject: 'gateway:adaptation', scopes: ['admin', 'feedback'] },
      trace: { requestId: 'run-1', via: ['adaptation'] },
      timeoutMs: 1500,
      bodySha256: bodySha256('{"query":"{ a }"}'),
    });
  });

  it('refuses a proof minted for a subgraph, or signed with another secret, as it refuses a bad token', async () => {
    await expect(admit({ authorization: `Bearer ${await proof({ audience: 'learning' })}` })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(admit({ authorization: `Bearer ${await proof({}, secret)}` })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    // Without the internal path, such a proof is just a token the user-token key does not verify.
    await expect(userTokenAdmission(createUserTokenVerifier({ jwtSecret: secret }), 1500)({ authorization: `Bearer ${await proof()}` })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it("never remembers a client token claiming the gateway's issuer: admission still routes it as a proof", async () => {
    const verify = createUserTokenVerifier({ jwtSecret: secret });
    // Signed with the client-token secret: it verifies as a client token, but it claims to be the gateway's.
    const lookalike = await proof({}, secret);
    expect(await verify(lookalike)).toMatchObject({ subject: 'gateway:adaptation' });
    expect(verify.remembered?.(lookalike)).toBeUndefined();
    await expect(userTokenAdmission(verify, 1500, { subgraphSecret, audience: 'gateway' })({ authorization: `Bearer ${lookalike}` })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
