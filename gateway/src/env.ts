import { z } from 'zod';
import { readEnv, port, millis } from '@telepulse/platform/env';
import { supergraphPath } from '@telepulse/platform/repo-layout';

/** Where the gateway listens unless GATEWAY_PORT says otherwise. */
export const GATEWAY_DEFAULT_PORT = 4000;

/**
 * The Node flags the gateway runs with unless GATEWAY_NODE_FLAGS says otherwise; its launcher
 * (`pnpm start`) passes them before the entry. Left to itself V8 sizes the heap from the
 * machine's memory (a 4 GB old generation here) and, given that much room, lets the old
 * generation grow to up to 4× what survived the last full collection before collecting again.
 * Under load every in-flight request's objects outlive a young-generation collection or two and
 * are promoted, so the heap balloons with throughput (issue #7 saw RSS near 1 GB at 32
 * connections) around a live set of 50–100 MB. A 192 MB old generation also makes V8 grow it by
 * less between collections (about 1.4×): about 3× the live set measured at 64 connections, and
 * the whole process under 400 MB even full. The 32 MB semi-space (16 MB by default) lets more
 * of a request's objects die young, which wins back part of the CPU the more frequent full
 * collections cost. BENCHMARKS.md has the numbers.
 */
export const GATEWAY_DEFAULT_NODE_FLAGS = '--max-old-space-size=192 --max-semi-space-size=32';

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
