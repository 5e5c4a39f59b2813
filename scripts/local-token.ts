import { join } from 'node:path';
import { z } from 'zod';
import { readEnv } from '@telepulse/platform/env';
import { localSigningSecret } from '@telepulse/devstack/dev-secrets';
import { mintUserToken, type UserTokenClaims } from '@telepulse/devstack/user-token';

/** What the scripts that mint local tokens read: AUTH_JWT_SECRET (else the one `pnpm start` keeps under DATA_DIR), AUTH_ISSUER, AUTH_AUDIENCE. */
const env = () =>
  readEnv(
    z.object({
      AUTH_JWT_SECRET: z.string().optional(),
      AUTH_ISSUER: z.string().optional(),
      AUTH_AUDIENCE: z.string().optional(),
      DATA_DIR: z.string().default(join(import.meta.dirname, '..', '.data')),
    }),
  );

/**
 * A client token signed with the local secret, with the configured issuer and audience; exits
 * with a message saying what to do when there is no secret to sign with.
 */
export async function mintLocalToken(claims: Omit<UserTokenClaims, 'issuer' | 'audience'>): Promise<string> {
  const { AUTH_JWT_SECRET, AUTH_ISSUER, AUTH_AUDIENCE, DATA_DIR } = env();
  const secret = localSigningSecret(AUTH_JWT_SECRET, DATA_DIR);
  if (!secret) {
    console.error(`no secret to sign a token with: set AUTH_JWT_SECRET, or run \`pnpm start\` once (it keeps one in ${DATA_DIR})`);
    process.exit(2);
  }
  return mintUserToken(secret, { ...claims, issuer: AUTH_ISSUER, audience: AUTH_AUDIENCE });
}
