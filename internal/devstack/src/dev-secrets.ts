import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A fresh random secret: 32 bytes, base64url (43 characters). */
export const randomSecret = () => randomBytes(32).toString('base64url');

const authSecretFile = (dataDir: string) => join(dataDir, 'auth-jwt-secret');

/**
 * The AUTH_JWT_SECRET of local runs when none is configured: generated once and kept in
 * `<DATA_DIR>/auth-jwt-secret` (readable by its owner only), so a restart keeps the tokens
 * already handed out (pasted into Sandbox, kept in scripts) valid, as it keeps the data.
 */
export function persistedAuthSecret(dataDir: string): string {
  const file = authSecretFile(dataDir);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomSecret();
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return secret;
}

/** The secret local tokens are minted with: AUTH_JWT_SECRET when set, else the one `pnpm start` keeps under `dataDir`; null when there is neither. */
export function localSigningSecret(configured: string | undefined, dataDir: string): string | null {
  if (configured) return configured;
  const file = authSecretFile(dataDir);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : null;
}

export interface LocalAuthSettings {
  AUTH_JWT_SECRET?: string;
  AUTH_JWKS_URL?: string;
  AUTH_ISSUER?: string;
  AUTH_AUDIENCE?: string;
  SUBGRAPH_SECRET?: string;
}

export interface LocalAuth {
  /** The gateway's AUTH_* variables and SUBGRAPH_SECRET. */
  gatewayEnv: Record<string, string>;
  /** What every subgraph needs: SUBGRAPH_SECRET. */
  subgraphEnv: Record<string, string>;
  /** The HS256 secret local tokens are minted with; null when only AUTH_JWKS_URL is configured (tokens come from the identity provider). */
  mintingSecret: string | null;
  /** Where the secrets come from, for the log. */
  description: string;
}

/**
 * The secrets of a local run (`pnpm start`), from what is configured, else made up:
 * AUTH_JWT_SECRET persisted under `dataDir` (tokens outlive a restart), unless AUTH_JWKS_URL
 * alone is configured; SUBGRAPH_SECRET fresh per run (only the processes of this run speak with
 * it, so nothing is gained by keeping it, and a leaked one dies with the run).
 */
export function localAuth(settings: LocalAuthSettings, dataDir: string): LocalAuth {
  const generatedUserSecret = !settings.AUTH_JWT_SECRET && !settings.AUTH_JWKS_URL;
  const jwtSecret = generatedUserSecret ? persistedAuthSecret(dataDir) : settings.AUTH_JWT_SECRET;
  const subgraphSecret = settings.SUBGRAPH_SECRET ?? randomSecret();
  const defined = (entries: Record<string, string | undefined>) => Object.fromEntries(Object.entries(entries).filter((e): e is [string, string] => e[1] !== undefined));
  const keys = [
    jwtSecret ? `HS256 (AUTH_JWT_SECRET ${generatedUserSecret ? `generated, kept in ${authSecretFile(dataDir)}` : 'as configured'})` : undefined,
    settings.AUTH_JWKS_URL ? `JWKS at ${settings.AUTH_JWKS_URL}` : undefined,
  ].filter(Boolean);
  return {
    gatewayEnv: defined({
      AUTH_JWT_SECRET: jwtSecret,
      AUTH_JWKS_URL: settings.AUTH_JWKS_URL,
      AUTH_ISSUER: settings.AUTH_ISSUER,
      AUTH_AUDIENCE: settings.AUTH_AUDIENCE,
      SUBGRAPH_SECRET: subgraphSecret,
    }),
    subgraphEnv: { SUBGRAPH_SECRET: subgraphSecret },
    mintingSecret: jwtSecret ?? null,
    description: `client tokens: ${keys.join(' and ')}; gateway proofs: SUBGRAPH_SECRET ${settings.SUBGRAPH_SECRET ? 'as configured' : 'fresh for this run'}`,
  };
}
