import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A fresh random secret: 32 bytes, base64url (43 characters). */
export const randomSecret = () => randomBytes(32).toString('base64url');

const authSecretFile = (dataDir: string) => join(dataDir, 'auth-jwt-secret');

/**
 * The AUTH_JWT_SECRET of local runs when none is configured: generated once and kept in
 * `<DATA_DIR>/auth-jwt-secret` (readable by its owner only), so a restart keeps the tokens
 * already handed out (pasted into Sandbox, kept in scripts) valid, as the data they wrote is kept.
 */
export function persistedAuthSecret(dataDir: string): string {
  const file = authSecretFile(dataDir);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomSecret();
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return secret;
}

/** The persisted AUTH_JWT_SECRET of local runs, or null when `pnpm start` has not made one under `dataDir`. */
export function readPersistedAuthSecret(dataDir: string): string | null {
  const file = authSecretFile(dataDir);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : null;
}
