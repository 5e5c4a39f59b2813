import { SignJWT } from 'jose';

/**
 * Every scope the API knows: `ingest` (ingestion and channel edits), `predict` (predictions),
 * `feedback` (observed outcomes of served predictions), `admin` (operations: processing feedback,
 * recording performance, drift detection, alert thresholds).
 */
export const EVERY_SCOPE = ['ingest', 'predict', 'feedback', 'admin'] as const;

export interface UserTokenClaims {
  /** `sub`: who the token speaks for. */
  subject?: string;
  scopes: readonly string[];
  /** `exp`: a jose time span from now (`'7d'`, `'1h'`) or seconds since the epoch. */
  expiresIn?: string | number;
  issuer?: string;
  audience?: string;
}

/**
 * Mints a client token the gateway accepts with AUTH_JWT_SECRET (HS256): `sub`, the scopes in
 * the standard space-separated `scope` claim, `iat`, `exp`. For `pnpm start`'s development token,
 * `pnpm token` and the tests; a real deployment gets its tokens from its identity provider (AUTH_JWKS_URL).
 */
export function mintUserToken(secret: string, claims: UserTokenClaims): Promise<string> {
  const jwt = new SignJWT({ scope: claims.scopes.join(' ') })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.subject ?? 'developer')
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? '7d');
  if (claims.issuer) jwt.setIssuer(claims.issuer);
  if (claims.audience) jwt.setAudience(claims.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
