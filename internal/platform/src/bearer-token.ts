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

/** Why a JWT did not verify, in words a client can act on; errors that are not jose's (a key source that cannot be reached) are rethrown. */
export function jwtFailure(error: unknown, what: string): UnauthenticatedError {
  if (error instanceof errors.JWTExpired) return new UnauthenticatedError(`${what} has expired`, { reason: 'expired' }, { cause: error });
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new UnauthenticatedError(`${what} is not valid here: claim "${error.claim}" ${error.reason === 'missing' ? 'is missing' : 'does not match'}`, { reason: 'claim', claim: error.claim }, { cause: error });
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
    return new UnauthenticatedError(`${what} has a signature that does not verify with the configured keys`, { reason: 'signature' }, { cause: error });
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return new UnauthenticatedError(`${what} is signed with an algorithm not accepted here`, { reason: 'algorithm' }, { cause: error });
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return new UnauthenticatedError(`${what} is not a well-formed JWT`, { reason: 'malformed' }, { cause: error });
  if (error instanceof errors.JOSEError) return new UnauthenticatedError(`${what} does not verify (${error.code})`, { reason: error.code }, { cause: error });
  throw error;
}
