import { z } from 'zod';
import { readEnv, port, millis } from '@telepulse/platform/env';
import { supergraphPath } from '@telepulse/platform/repo-layout';

/** Where the gateway listens unless GATEWAY_PORT says otherwise. */
export const GATEWAY_DEFAULT_PORT = 4000;

/** The gateway's settings, read once at start. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env) {
  const env = readEnv(
    z.object({
      GATEWAY_PORT: port(GATEWAY_DEFAULT_PORT),
      HOST: z.string().default('127.0.0.1'),
      /** Any composed supergraph file, as a router's --supergraph; ours by default. */
      SUPERGRAPH_PATH: z.string().default(supergraphPath),
      /** sandbox: Apollo Sandbox (loads from Apollo's CDN); graphiql: GraphiQL served by the gateway itself, works offline. */
      LANDING_PAGE: z.enum(['sandbox', 'graphiql', 'off']).default('sandbox'),
      HEALTH_TIMEOUT_MS: millis(2000),
    }),
    source,
  );
  // SUBGRAPH_<NAME>_URL overrides the routing URL composed into the supergraph.
  const urlOverrides = Object.fromEntries(
    Object.entries(source)
      .filter(([key, value]) => /^SUBGRAPH_[A-Z0-9_]+_URL$/.test(key) && value)
      .map(([key, value]) => [key.slice('SUBGRAPH_'.length, -'_URL'.length).toLowerCase(), value as string]),
  );
  return { ...env, urlOverrides };
}

export type GatewayEnv = ReturnType<typeof loadEnv>;
