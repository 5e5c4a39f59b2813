import { createHash, createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { tokenRefused, type TokenRefusal } from './bearer-token.js';
import { UnauthenticatedError } from './errors.js';
import type { Identity } from './identity.js';
import type { RequestTrace } from './request-trace.js';

/**
 * The proof a subgraph request came from the gateway: a short-lived HS256 JWT, signed with
 * SUBGRAPH_SECRET (never the user-token secret), minted per subgraph fetch and sent as
 * `Authorization: Bearer <proof>`. It is bound to one subgraph (`aud`) and to the exact body
 * (its SHA-256), so it cannot be replayed elsewhere or with another operation; it carries what
 * the subgraph must know and cannot take from plain headers: who the request acts for (the
 * user's verified subject and scopes), the request trace, and what is left of the deadline.
 */
export interface GatewayProof {
  /** The subgraph it is for (its manifest name). */
  audience: string;
  /** The client's verified identity; null for an anonymous request. */
  identity: Identity | null;
  trace: RequestTrace;
  /** What was left of the request's deadline when the proof was minted, in ms. Relative, so clocks need not agree. */
  timeoutMs: number;
  /** base64url SHA-256 of the exact request body. */
  bodySha256: string;
}

/** The `iss` of every proof: how the gateway tells a proof it minted for itself from a client token. */
export const GATEWAY_PROOF_ISSUER = 'telepulse-gateway';
const ISSUER = GATEWAY_PROOF_ISSUER;
const ALGORITHM = 'HS256';
/** A proof only has to cross a network: it is accepted this long after it was minted. */
export const PROOF_TTL_SECONDS = 10;
/** Tolerated disagreement between the gateway's clock and a subgraph's. */
const CLOCK_TOLERANCE_SECONDS = 5;

const claims = z.object({
  sub: z.string().optional(),
  scope: z.string().optional(),
  rid: z.string().min(1),
  via: z.array(z.string()),
  tmo: z.number().int().min(0),
  bsh: z.string().min(1),
});

/** base64url SHA-256 of a request body, as the proof carries it. */
export function bodySha256(body: string | Uint8Array): string {
  return createHash('sha256').update(body).digest('base64url');
}

/** SUBGRAPH_SECRET as an HMAC key, made once per secret (a process knows one or two), not per proof. */
const keys = new Map<string, KeyObject>();
function hmacKey(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = createSecretKey(Buffer.from(secret, 'utf8'))));
  return key;
}
const hs256 = (secret: string, signingInput: string) => createHmac('sha256', hmacKey(secret)).update(signingInput).digest('base64url');

/** The proofs' JWS header, encoded once. */
const PROTECTED_HEADER = Buffer.from(JSON.stringify({ alg: ALGORITHM, typ: 'JWT' })).toString('base64url');

/**
 * Mints a proof for one subgraph request (`issuedAt`: the clock, for tests of expiry). The
 * compact JWS is built here and signed with node:crypto's HMAC, synchronously: the gateway mints
 * one per subgraph fetch, and jose's WebCrypto signing (an async job with its own key import
 * each time) was the largest single item of the gateway's CPU profile (BENCHMARKS.md, "Gateway
 * profile"). The token is the one jose would mint (jose verifies it, verifyGatewayProof below).
 */
export function signGatewayProof(secret: string, proof: GatewayProof, issuedAt = new Date()): Promise<string> {
  const iat = Math.floor(issuedAt.getTime() / 1000);
  const payload = {
    ...(proof.identity ? { sub: proof.identity.subject, scope: proof.identity.scopes.join(' ') } : {}),
    rid: proof.trace.requestId,
    via: proof.trace.via,
    tmo: Math.max(0, Math.floor(proof.timeoutMs)),
    bsh: proof.bodySha256,
    iss: ISSUER,
    aud: proof.audience,
    iat,
    exp: iat + PROOF_TTL_SECONDS,
  };
  const signingInput = `${PROTECTED_HEADER}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return Promise.resolve(`${signingInput}.${hs256(secret, signingInput)}`);
}

/** The headers that carry a proof. */
export const gatewayProofHeaders = (token: string) => ({ authorization: `Bearer ${token}` });

/**
 * Verifies a proof for the subgraph `audience`: signature (SUBGRAPH_SECRET), issuer, audience,
 * expiry. Returns its claims; the caller still compares `bodySha256` with the body it reads.
 * Throws UnauthenticatedError saying why (the reasons and words jose's failures get, jwtFailure).
 * Every subgraph request is verified here, so it is done synchronously with node:crypto's HMAC and
 * a key made once: jose's WebCrypto verification (an async job and a key import per request)
 * was 15 % of a subgraph's CPU per request (BENCHMARKS.md, "Per-request CPU"). The checks are
 * jose's for this one algorithm: the header's `alg` HS256 and nothing it does not understand
 * (`crit`), the signature compared in constant time over its exact base64url, the claims set a
 * JSON object with `iss` and `aud` matching, `iat` and `exp` present and numeric, `exp` (and an
 * `nbf`) checked against the clock with CLOCK_TOLERANCE_SECONDS.
 */
export async function verifyGatewayProof(secret: string, audience: string, token: string, now = new Date()): Promise<GatewayProof> {
  const refuse = (refusal: TokenRefusal) => tokenRefused('the gateway proof', refusal);
  const [header, body, signature, extra] = token.split('.');
  if (header === undefined || body === undefined || signature === undefined || extra !== undefined) throw refuse({ reason: 'malformed' });
  if (header !== PROTECTED_HEADER) {
    const fields = decodeSegment(header);
    if (!fields) throw refuse({ reason: 'malformed' });
    if (fields.alg !== ALGORITHM) throw refuse({ reason: typeof fields.alg === 'string' ? 'algorithm' : 'malformed' });
    // Extensions a verifier must understand (RFC 7515 §4.1.11), and unencoded payloads: none is.
    if (fields.crit !== undefined || fields.b64 !== undefined) throw refuse({ reason: 'malformed' });
  }
  const expected = Buffer.from(hs256(secret, `${header}.${body}`));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refuse({ reason: 'signature' });
  const payload = decodeSegment(body);
  if (!payload) throw refuse({ reason: 'malformed' });
  for (const claim of ['iss', 'aud', 'exp', 'iat']) if (!Object.hasOwn(payload, claim)) throw refuse({ reason: 'claim', claim, missing: true });
  if (payload.iss !== ISSUER) throw refuse({ reason: 'claim', claim: 'iss', missing: false });
  if (!(payload.aud === audience || (Array.isArray(payload.aud) && payload.aud.includes(audience)))) throw refuse({ reason: 'claim', claim: 'aud', missing: false });
  const seconds = Math.floor(now.getTime() / 1000);
  for (const claim of ['iat', 'nbf', 'exp']) {
    if (payload[claim] !== undefined && (typeof payload[claim] !== 'number' || !Number.isFinite(payload[claim]))) throw refuse({ reason: 'claim', claim, missing: false });
  }
  if (payload.nbf !== undefined && (payload.nbf as number) > seconds + CLOCK_TOLERANCE_SECONDS) throw refuse({ reason: 'claim', claim: 'nbf', missing: false });
  if ((payload.exp as number) <= seconds - CLOCK_TOLERANCE_SECONDS) throw refuse({ reason: 'expired' });
  const parsed = claims.safeParse(payload);
  if (!parsed.success) throw new UnauthenticatedError(`the gateway proof lacks its claims: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  const { sub, scope, rid, via, tmo, bsh } = parsed.data;
  return {
    audience,
    identity: sub === undefined ? null : { subject: sub, scopes: scope ? scope.split(' ') : [] },
    trace: { requestId: rid, via },
    timeoutMs: tmo,
    bodySha256: bsh,
  };
}

/** A base64url segment holding a JSON object; undefined when it is anything else. */
function decodeSegment(segment: string): Record<string, unknown> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(segment)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
