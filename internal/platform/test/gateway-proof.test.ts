import { randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { bodySha256, GATEWAY_PROOF_ISSUER, signGatewayProof, verifyGatewayProof, type GatewayProof } from '../src/gateway-proof.js';

// The proof's verification is node:crypto's HMAC, not jose's: these pin that it refuses what jose
// refused, for the same reasons, and that the tokens stay JWTs either side can verify.
const secret = randomBytes(32).toString('base64url');
const proof: GatewayProof = {
  audience: 'engagement',
  identity: { subject: 'alice', scopes: ['predict', 'ingest'] },
  trace: { requestId: 'req-1', via: ['drift'] },
  timeoutMs: 2500,
  bodySha256: bodySha256('{"query":"{ a }"}'),
};
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const segments = (token: string) => token.split('.') as [string, string, string];
const payloadOf = (token: string) => JSON.parse(Buffer.from(segments(token)[1], 'base64url').toString()) as Record<string, unknown>;

/** A token jose signs over `claims` (HS256 with `secret` unless said), as another minter would. */
const joseToken = (claims: Record<string, unknown>, options: { key?: string; header?: Record<string, unknown> } = {}) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256', ...options.header }).sign(new TextEncoder().encode(options.key ?? secret));
const claimsOf = (token: string) => payloadOf(token);

describe('the gateway proof', () => {
  it('verifies what it signed, with every claim the subgraph needs', async () => {
    const token = await signGatewayProof(secret, proof);
    expect(await verifyGatewayProof(secret, 'engagement', token)).toEqual(proof);
    const anonymous = await signGatewayProof(secret, { ...proof, identity: null });
    expect((await verifyGatewayProof(secret, 'engagement', anonymous)).identity).toBeNull();
  });

  it('is a JWT jose verifies, and verifies one jose signed with the same claims', async () => {
    const token = await signGatewayProof(secret, proof);
    const { payload, protectedHeader } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'], issuer: GATEWAY_PROOF_ISSUER, audience: 'engagement' });
    expect(protectedHeader).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toMatchObject({ sub: 'alice', scope: 'predict ingest', rid: 'req-1', via: ['drift'], tmo: 2500, bsh: proof.bodySha256 });
    // jose's header is `{"alg":"HS256"}` alone: not the one the gateway encodes, so it is read and checked.
    const fromJose = await joseToken(claimsOf(token));
    expect(await verifyGatewayProof(secret, 'engagement', fromJose)).toEqual(proof);
  });

  it('refuses a tampered payload, another secret and a mangled signature as a bad signature', async () => {
    const token = await signGatewayProof(secret, proof);
    const [header, , signature] = segments(token);
    // The identity swapped for another's, the signature kept.
    const tampered = `${header}.${b64({ ...claimsOf(token), sub: 'mallory', scope: 'admin' })}.${signature}`;
    for (const forged of [
      tampered,
      await signGatewayProof(randomBytes(32).toString('base64url'), proof),
      `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`,
      `${token}=`,
      `${segments(token)[0]}.${segments(token)[1]}.`,
    ]) {
      await expect(verifyGatewayProof(secret, 'engagement', forged)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'signature' } });
    }
  });

  it('refuses a proof for another subgraph or from another issuer, naming the claim', async () => {
    const token = await signGatewayProof(secret, proof);
    await expect(verifyGatewayProof(secret, 'channels', token)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: 'the gateway proof is not valid here: claim "aud" does not match',
      details: { reason: 'claim', claim: 'aud' },
    });
    const otherIssuer = await joseToken({ ...claimsOf(token), iss: 'someone-else' });
    await expect(verifyGatewayProof(secret, 'engagement', otherIssuer)).rejects.toMatchObject({ details: { reason: 'claim', claim: 'iss' } });
    const { exp: _exp, ...noExpiry } = claimsOf(token);
    await expect(verifyGatewayProof(secret, 'engagement', await joseToken(noExpiry))).rejects.toMatchObject({
      message: 'the gateway proof is not valid here: claim "exp" is missing',
      details: { reason: 'claim', claim: 'exp' },
    });
    const notYet = await joseToken({ ...claimsOf(token), nbf: Math.floor(Date.now() / 1000) + 600 });
    await expect(verifyGatewayProof(secret, 'engagement', notYet)).rejects.toMatchObject({ details: { reason: 'claim', claim: 'nbf' } });
  });

  it('refuses an expired proof, and accepts one within the clock tolerance', async () => {
    const now = new Date('2026-12-01T12:00:00Z');
    const token = await signGatewayProof(secret, proof, now);
    const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);
    expect(await verifyGatewayProof(secret, 'engagement', token, at(14))).toEqual(proof);
    await expect(verifyGatewayProof(secret, 'engagement', token, at(15))).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: 'the gateway proof has expired', details: { reason: 'expired' } });
  });

  it('refuses another algorithm, an unsigned token, extensions it does not understand and what is no JWT', async () => {
    const token = await signGatewayProof(secret, proof);
    const [, payload] = segments(token);
    const none = `${b64({ alg: 'none' })}.${payload}.`;
    await expect(verifyGatewayProof(secret, 'engagement', none)).rejects.toMatchObject({ details: { reason: 'algorithm' } });
    const hs512 = await new SignJWT(claimsOf(token)).setProtectedHeader({ alg: 'HS512' }).sign(randomBytes(64));
    await expect(verifyGatewayProof(secret, 'engagement', hs512)).rejects.toMatchObject({ details: { reason: 'algorithm' } });
    const critical = await joseToken(claimsOf(token), { header: { crit: ['exp'] } }).catch(() => `${b64({ alg: 'HS256', crit: ['x'], x: 1 })}.${payload}.sig`);
    await expect(verifyGatewayProof(secret, 'engagement', critical)).rejects.toMatchObject({ details: { reason: 'malformed' } });
    for (const malformed of ['not-a-jwt', 'a.b', `${token}.extra`, `${b64([1])}.${payload}.x`, `!!.${payload}.x`]) {
      await expect(verifyGatewayProof(secret, 'engagement', malformed)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'malformed' } });
    }
  });

  it('refuses a signed proof whose claims set is not an object or lacks the request claims', async () => {
    const token = await signGatewayProof(secret, proof);
    const { rid: _rid, ...noRequestId } = claimsOf(token);
    await expect(verifyGatewayProof(secret, 'engagement', await joseToken(noRequestId))).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringContaining('lacks its claims: rid') });
  });
});
