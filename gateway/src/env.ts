import { z } from 'zod';
import { readEnv, port, millis, count, serving, servingEnv, secret, subgraphSecret, metricsEnv, serviceUrl } from '@telepulse/platform/env';
import { supergraphPath } from '@telepulse/platform/repo-layout';
import { checkReplicaUrls } from './transport/replica-urls.js';

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

/** How long the gateway gives one request, unless GATEWAY_DEADLINE_MS says otherwise. */
export const GATEWAY_DEFAULT_DEADLINE_MS = 30_000;

/** The gateway's limit settings (README, "Limits"): each refused before any subgraph is called. */
const limitEnv = {
  // NODE_ENV and MAX_REQUEST_BYTES, as every service reads them.
  ...servingEnv,
  MAX_DEPTH: count(10),
  MAX_ALIASES: count(30, 0),
  MAX_ROOT_FIELDS: count(20),
  MAX_DIRECTIVES: count(50, 0),
  MAX_TOKENS: count(2000),
  MAX_COST: count(1000),
  /** Requests per caller (bearer token, else client address) per window; 0 turns the limit off. */
  RATE_LIMIT_REQUESTS: count(600, 0),
  RATE_LIMIT_WINDOW_SECONDS: count(60),
  /** redis://host:port[/db]: every gateway replica counts against the same windows there; unset: each counts alone. */
  RATE_LIMIT_REDIS_URL: serviceUrl(['redis:'], 'must be redis://host:port[/db], or unset for each gateway process to count alone'),
};

/** The gateway's subscription settings (README, "Subscriptions"). */
const subscriptionEnv = {
  /** Pings an idle upstream subscription socket this often, so a dead subgraph is noticed; 0: never. */
  SUBSCRIPTION_KEEPALIVE_MS: millis(10_000),
  /** Reconnections to a subgraph whose subscription socket dropped, before the client's subscription ends with an error. */
  SUBSCRIPTION_RETRY_ATTEMPTS: count(5, 0),
  /** The first reconnection's wait, doubled for each next one (at most 30 s). */
  SUBSCRIPTION_RETRY_WAIT_MS: millis(500),
  /** Events a subgraph may get ahead of a client before the client's subscription ends (SUBSCRIPTION_OVERFLOW). */
  SUBSCRIPTION_MAX_PENDING_EVENTS: count(100),
};

/** How many connections the gateway keeps open to each subgraph unless SUBGRAPH_MAX_SOCKETS says otherwise. */
export const SUBGRAPH_DEFAULT_MAX_SOCKETS = 64;

/** How the gateway talks to its subgraphs (README, "Gateway transport"). */
const transportEnv = {
  /** Identical query fetches of the same caller in flight together share one subgraph request. */
  GATEWAY_DEDUP: z.enum(['true', 'false'], { message: 'must be true or false' }).default('true'),
  /** The keep-alive pool to each subgraph: at most this many connections; more fetches wait for a free one. */
  SUBGRAPH_MAX_SOCKETS: count(SUBGRAPH_DEFAULT_MAX_SOCKETS),
};

/** The adaptive pipeline's settings (README, "The adaptive pipeline"). */
const adaptationEnv = {
  /** A SCHEDULE run of every model with unprocessed feedback this often; 0 (the default): no schedule. */
  ADAPTATION_SCHEDULE_MS: millis(0),
  /** Whether a drift alert on the gateway's own driftAlerts subscription starts a DRIFT_ALERT run of its model. */
  ADAPTATION_ON_DRIFT: z.enum(['true', 'false'], { message: 'must be true or false' }).default('true'),
  /** The least severe alert that starts a run. */
  ADAPTATION_MIN_SEVERITY: z.enum(['LOW', 'MEDIUM', 'HIGH'], { message: 'must be LOW, MEDIUM or HIGH' }).default('MEDIUM'),
  /** How long a run waits for its learning job before it ends FAILED (the job goes on). */
  ADAPTATION_JOB_TIMEOUT_MS: millis(10 * 60_000).refine((ms) => ms >= 1000, 'must be at least 1000 (ms)'),
  /** How often a run reads its learning job's state. */
  ADAPTATION_POLL_MS: millis(1000).refine((ms) => ms >= 10, 'must be at least 10 (ms)'),
};

/** SUBGRAPH_<NAME>_URL: a subgraph's routing URL, or its replicas' URLs separated by commas (transport/replica-urls.ts). */
const SUBGRAPH_URL = /^SUBGRAPH_[A-Z0-9_]+_URL$/;

/** A routing URL list, checked and normalised; refused with the reason otherwise. */
const routingUrls = z.string().transform((value, context) => {
  try {
    return checkReplicaUrls(value);
  } catch (error) {
    context.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

/** The gateway's settings, read once at start. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env) {
  const urlVariables = Object.keys(source).filter((key) => SUBGRAPH_URL.test(key) && source[key]);
  const env = readEnv(
    z
      .object({
        GATEWAY_PORT: port(GATEWAY_DEFAULT_PORT),
        HOST: z.string().default('127.0.0.1'),
        ...metricsEnv,
        /** Any composed supergraph file, as a router's --supergraph; ours by default. */
        SUPERGRAPH_PATH: z.string().default(supergraphPath),
        /** sandbox: Apollo Sandbox (loads from Apollo's CDN); graphiql: GraphiQL served by the gateway itself, works offline. */
        LANDING_PAGE: z.enum(['sandbox', 'graphiql', 'off']).default('sandbox'),
        HEALTH_TIMEOUT_MS: millis(2000),
        /** A request's whole time at the gateway; what is left of it travels to each subgraph. */
        GATEWAY_DEADLINE_MS: millis(GATEWAY_DEFAULT_DEADLINE_MS).refine((ms) => ms >= 1000, 'must be at least 1000 (ms)'),
        /** Client tokens: HS256 with this secret, and/or keys from AUTH_JWKS_URL. */
        AUTH_JWT_SECRET: secret().optional(),
        AUTH_JWKS_URL: z.url().optional(),
        AUTH_ISSUER: z.string().min(1).optional(),
        AUTH_AUDIENCE: z.string().min(1).optional(),
        SUBGRAPH_SECRET: subgraphSecret(),
        ...limitEnv,
        ...subscriptionEnv,
        ...adaptationEnv,
        ...transportEnv,
        ...Object.fromEntries(urlVariables.map((key) => [key, routingUrls])),
      })
      // Checked even when other variables are bad (`when`), so one run names every problem.
      .refine((env) => Boolean(env.AUTH_JWT_SECRET || env.AUTH_JWKS_URL), {
        path: ['AUTH_JWT_SECRET'],
        message: 'client tokens need a key: set AUTH_JWT_SECRET (HS256, 32+ characters) or AUTH_JWKS_URL; `pnpm start` generates a secret',
        when: () => true,
      })
      .refine((env) => !env.AUTH_JWT_SECRET || env.AUTH_JWT_SECRET !== env.SUBGRAPH_SECRET, {
        path: ['SUBGRAPH_SECRET'],
        message: 'must differ from AUTH_JWT_SECRET: whoever can mint client tokens must not be able to speak for the gateway',
        when: () => true,
      }),
    source,
  );
  // SUBGRAPH_<NAME>_URL overrides the routing URL composed into the supergraph: one URL, or its replicas' separated by commas.
  const urlOverrides = Object.fromEntries(
    urlVariables.map((key) => [key.slice('SUBGRAPH_'.length, -'_URL'.length).toLowerCase(), (env as Record<string, unknown>)[key] as string]),
  );
  return { ...env, urlOverrides };
}

export type GatewayEnv = ReturnType<typeof loadEnv>;

/** The gateway's limits, from its settings (the defaults when left out). */
export function gatewayLimits(env: z.infer<z.ZodObject<typeof limitEnv>> = readEnv(z.object(limitEnv), {})) {
  return {
    serving: serving(env),
    operation: {
      maxDepth: env.MAX_DEPTH,
      maxAliases: env.MAX_ALIASES,
      maxRootFields: env.MAX_ROOT_FIELDS,
      maxDirectives: env.MAX_DIRECTIVES,
      maxTokens: env.MAX_TOKENS,
      maxCost: env.MAX_COST,
    },
    rate: { requests: env.RATE_LIMIT_REQUESTS, windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS, redisUrl: env.RATE_LIMIT_REDIS_URL },
  };
}

export type GatewayLimits = ReturnType<typeof gatewayLimits>;

/** The gateway's subscription settings, from its settings (the defaults when left out). */
export function gatewaySubscriptions(env: z.infer<z.ZodObject<typeof subscriptionEnv>> = readEnv(z.object(subscriptionEnv), {})) {
  return {
    keepAliveMs: env.SUBSCRIPTION_KEEPALIVE_MS,
    retryAttempts: env.SUBSCRIPTION_RETRY_ATTEMPTS,
    retryWaitMs: env.SUBSCRIPTION_RETRY_WAIT_MS,
    maxPendingEvents: env.SUBSCRIPTION_MAX_PENDING_EVENTS,
  };
}


/** The adaptive pipeline's settings, from the gateway's settings (the defaults when left out). */
export function gatewayAdaptation(env: z.infer<z.ZodObject<typeof adaptationEnv>> = readEnv(z.object(adaptationEnv), {})) {
  return {
    scheduleMs: env.ADAPTATION_SCHEDULE_MS,
    onDrift: env.ADAPTATION_ON_DRIFT === 'true',
    minSeverity: env.ADAPTATION_MIN_SEVERITY,
    jobTimeoutMs: env.ADAPTATION_JOB_TIMEOUT_MS,
    pollMs: env.ADAPTATION_POLL_MS,
  };
}

export type AdaptationSettings = ReturnType<typeof gatewayAdaptation>;

/** The gateway's transport settings, from its settings (the defaults when left out). */
export function gatewayTransport(env: z.infer<z.ZodObject<typeof transportEnv>> = readEnv(z.object(transportEnv), {})) {
  return { dedup: env.GATEWAY_DEDUP === 'true', maxSockets: env.SUBGRAPH_MAX_SOCKETS };
}

export type SubgraphTransportSettings = ReturnType<typeof gatewayTransport>;

/** The subscription, adaptation and transport settings set in `source` (SUBSCRIPTION_*, ADAPTATION_*, GATEWAY_DEDUP, SUBGRAPH_MAX_SOCKETS), so `pnpm start` can hand them to the gateway. */
export function subscriptionSettings(source: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(Object.entries(source).filter((e): e is [string, string] => (e[0] in subscriptionEnv || e[0] in adaptationEnv || e[0] in transportEnv) && e[1] !== undefined));
}
