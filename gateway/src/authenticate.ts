import type { IncomingHttpHeaders } from 'node:http';
import { createRemoteJWKSet, decodeJwt, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { bearerToken, jwtFailure } from '@telepulse/platform/bearer-token';
import { UnavailableError } from '@telepulse/platform';
import { GATEWAY_PROOF_ISSUER, verifyGatewayProof } from '@telepulse/platform/gateway-proof';
import { scopesOf, type Identity } from '@telepulse/platform/identity';
import type { Admit } from '@telepulse/platform/request-admission';
import { readTrace } from '@telepulse/platform/request-trace';

/** Where the keys of client tokens come from: HS256 with a shared secret (local use), and/or a JWKS (real deployments). */
export interface UserTokenKeys {
  /** AUTH_JWT_SECRET: accepts HS256 tokens signed with it. */
  jwtSecret?: string;
  /** AUTH_JWKS_URL: accepts tokens signed by a key of this JSON Web Key Set (RS256, ES256, EdDSA…), fetched and cached by jose. */
  jwksUrl?: string;
  /** AUTH_ISSUER: the `iss` every token must carry. */
  issuer?: string;
  /** AUTH_AUDIENCE: the `aud` every token must carry. */
  audience?: string;
}

// Each key source accepts only its own kind of algorithm, so an HS256 token can never be checked against a public key.
const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];

/** How many verified tokens the gateway remembers (the oldest forgotten first). */
const VERIFIED_TOKENS = 10_000;

/**
 * Verifies a client's bearer token: signature (AUTH_JWT_SECRET or AUTH_JWKS_URL), expiry (`exp`
 * required), `sub` required, issuer and audience when configured. Resolves with the identity
 * (subject, and scopes from `scope` and/or `scopes`); rejects with UnauthenticatedError saying
 * why, or UnavailableError when the JWKS cannot be fetched.
 * A token that verified is remembered until its `exp` (the last 10,000): a client sends the same
 * token with every request, and checking its signature each time (jose's WebCrypto HMAC or
 * RSA) was a large part of the gateway's CPU per response. A token is the same bytes, so the
 * same answer, until it expires; a failure is never remembered.
 */
export function createUserTokenVerifier(keys: UserTokenKeys): UserTokenVerifier {
  if (!keys.jwtSecret && !keys.jwksUrl) throw new Error('client tokens need a key: set AUTH_JWT_SECRET (HS256) or AUTH_JWKS_URL');
  const secret = keys.jwtSecret ? new TextEncoder().encode(keys.jwtSecret) : undefined;
  const jwks = keys.jwksUrl ? createRemoteJWKSet(new URL(keys.jwksUrl)) : undefined;
  const algorithms = [...(secret ? ['HS256'] : []), ...(jwks ? ASYMMETRIC : [])];
  // jose checks `alg` against `algorithms` before it asks for the key.
  const key: JWTVerifyGetKey = (header, token) => (header.alg === 'HS256' ? secret! : jwks!(header, token));

  const verified = new Map<string, { identity: Identity; expiresAt: number }>();
  const remembered = (token: string): Identity | undefined => {
    const known = verified.get(token);
    if (!known) return undefined;
    if (known.expiresAt > Date.now()) return known.identity;
    verified.delete(token);
    return undefined;
  };
  const verify = async (token: string): Promise<Identity> => {
    const known = remembered(token);
    if (known) return known;
    try {
      const { payload } = await jwtVerify(token, key, {
        algorithms,
        ...(keys.issuer ? { issuer: keys.issuer } : {}),
        ...(keys.audience ? { audience: keys.audience } : {}),
        requiredClaims: ['sub', 'exp'],
      });
      const identity: Identity = { subject: payload.sub!, scopes: scopesOf(payload) };
      // One claiming the gateway's own issuer is never remembered: admission decodes those to route them (userTokenAdmission).
      if (payload.iss !== GATEWAY_PROOF_ISSUER) {
        if (verified.size >= VERIFIED_TOKENS) verified.delete(verified.keys().next().value!);
        verified.set(token, { identity, expiresAt: payload.exp! * 1000 });
      }
      return identity;
    } catch (error) {
      if (jwks && (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || !(error instanceof errors.JOSEError))) {
        throw new UnavailableError('AUTH_JWKS_URL', `cannot read the token keys: ${(error as Error).message}`, { cause: error });
      }
      throw jwtFailure(error, 'the bearer token');
    }
  };
  return Object.assign(verify, { remembered });
}

/** Verifies a client's token (createUserTokenVerifier); `remembered` answers, without verifying, for a token that verified and has not expired. */
export type UserTokenVerifier = ((token: string) => Promise<Identity>) & { remembered?: (token: string) => Identity | undefined };

/**
 * The gateway's admission: the request's trace from its headers, its identity from its bearer
 * token (none: anonymous, reads stay open; present but invalid or expired: 401), and the
 * gateway's own deadline for it. With `internal`, a bearer token issued by the gateway itself
 * (a gateway proof for the audience `internal.audience`, signed with SUBGRAPH_SECRET: the
 * adaptive pipeline calling its own supergraph, adaptation/pipeline/loopback-caller.ts) is
 * admitted for the identity and trace it carries, for the one body it was minted over.
 */
export function userTokenAdmission(verify: UserTokenVerifier, deadlineMs: number, internal?: { subgraphSecret: string; audience: string }): Admit {
  return async (headers: IncomingHttpHeaders) => {
    const token = bearerToken(headers.authorization);
    // A client's token is remembered once it verified (a gateway proof never is: it does not
    // verify as a client token); only one not remembered is decoded to tell which it is.
    const known = token ? verify.remembered?.(token) : undefined;
    if (known) return { trace: readTrace((name) => headers[name]), identity: known, timeoutMs: deadlineMs };
    if (token && internal && issuerOf(token) === GATEWAY_PROOF_ISSUER) {
      const proof = await verifyGatewayProof(internal.subgraphSecret, internal.audience, token);
      return { trace: proof.trace, identity: proof.identity, timeoutMs: Math.min(proof.timeoutMs, deadlineMs), bodySha256: proof.bodySha256 };
    }
    return { trace: readTrace((name) => headers[name]), identity: token ? await verify(token) : null, timeoutMs: deadlineMs };
  };
}

/** The `iss` a token claims, unverified (it only picks which verification applies); undefined when it is no JWT. */
function issuerOf(token: string): string | undefined {
  try {
    return decodeJwt(token).iss;
  } catch {
    return undefined;
  }
}
