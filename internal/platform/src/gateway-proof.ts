import { createHash, createHmac } from 'node:crypto';
import { jwtVerify } from 'jose';
import { z } from 'zod';
import { jwtFailure } from './bearer-token.js';
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

const key = (secret: string) => new TextEncoder().encode(secret);

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
    via: [...proof.trace.via],
    tmo: Math.max(0, Math.floor(proof.timeoutMs)),
    bsh: proof.bodySha256,
    iss: ISSUER,
    aud: proof.audience,
    iat,
    exp: iat + PROOF_TTL_SECONDS,
  };
  const signingInput = `${PROTECTED_HEADER}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return Promise.resolve(`${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`);
}

/** The headers that carry a proof. */
export const gatewayProofHeaders = (token: string) => ({ authorization: `Bearer ${token}` });

/**
 * Verifies a proof for the subgraph `audience`: signature (SUBGRAPH_SECRET), issuer, audience,
 * expiry. Returns its claims; the caller still compares `bodySha256` with the body it reads.
 * Throws UnauthenticatedError saying why.
 */
export async function verifyGatewayProof(secret: string, audience: string, token: string): Promise<GatewayProof> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, key(secret), {
      algorithms: [ALGORITHM],
      issuer: ISSUER,
      audience,
      requiredClaims: ['iat', 'exp'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    }));
  } catch (error) {
    throw jwtFailure(error, 'the gateway proof');
  }
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
