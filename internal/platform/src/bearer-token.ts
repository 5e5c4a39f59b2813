import { errors } from 'jose';
import { UnauthenticatedError } from './errors.js';

/**
 * The token of an `Authorization: Bearer <token>` header; null when the header is absent or
 * blank (no credentials). Throws UnauthenticatedError for any other scheme or a bearer header
 * without a token, so a mistyped header is answered, not taken as anonymous.
 */
export function bearerToken(authorization: string | string[] | undefined): string | null {
  const value = (Array.isArray(authorization) ? authorization[0] : authorization)?.trim();
  if (!value) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(value);
  if (!match) throw new UnauthenticatedError('the Authorization header must be `Bearer <token>`');
  return match[1]!;
}

/** Why a token is refused, as a client is told: the reasons jwtFailure and the gateway proof's own verification give alike. */
export type TokenRefusal = { reason: 'expired' } | { reason: 'claim'; claim: string; missing: boolean } | { reason: 'signature' } | { reason: 'algorithm' } | { reason: 'malformed' };

/** The UnauthenticatedError that says why `what` (a token, in words) was refused. */
export function tokenRefused(what: string, refusal: TokenRefusal, options?: { cause?: unknown }): UnauthenticatedError {
  switch (refusal.reason) {
    case 'expired':
      return new UnauthenticatedError(`${what} has expired`, { reason: 'expired' }, options);
    case 'claim':
      return new UnauthenticatedError(`${what} is not valid here: claim "${refusal.claim}" ${refusal.missing ? 'is missing' : 'does not match'}`, { reason: 'claim', claim: refusal.claim }, options);
    case 'signature':
      return new UnauthenticatedError(`${what} has a signature that does not verify with the configured keys`, { reason: 'signature' }, options);
    case 'algorithm':
      return new UnauthenticatedError(`${what} is signed with an algorithm not accepted here`, { reason: 'algorithm' }, options);
    case 'malformed':
      return new UnauthenticatedError(`${what} is not a well-formed JWT`, { reason: 'malformed' }, options);
  }
}

/** Why a JWT did not verify, in words a client can act on; errors that are not jose's (a key source that cannot be reached) are rethrown. */
export function jwtFailure(error: unknown, what: string): UnauthenticatedError {
  const cause = { cause: error };
  if (error instanceof errors.JWTExpired) return tokenRefused(what, { reason: 'expired' }, cause);
  if (error instanceof errors.JWTClaimValidationFailed) return tokenRefused(what, { reason: 'claim', claim: error.claim, missing: error.reason === 'missing' }, cause);
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) return tokenRefused(what, { reason: 'signature' }, cause);
  if (error instanceof errors.JOSEAlgNotAllowed) return tokenRefused(what, { reason: 'algorithm' }, cause);
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return tokenRefused(what, { reason: 'malformed' }, cause);
  if (error instanceof errors.JOSEError) return new UnauthenticatedError(`${what} does not verify (${error.code})`, { reason: error.code }, cause);
  throw error;
}
