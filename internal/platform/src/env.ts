import { z } from 'zod';
import { portVariable } from './subgraph-manifest.js';

/**
 * Reads and validates environment variables once, against a zod schema. On failure it throws
 * one error listing every bad variable and how to fix it, instead of failing later deep inside.
 */
export function readEnv<S extends z.ZodObject>(schema: S, source: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const parsed = schema.safeParse(source);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const name = issue.path.join('.');
    // A secret's value never reaches a log, even a wrong one.
    const value = /SECRET/.test(name) && source[name] ? `<${source[name]!.length} characters, hidden>` : JSON.stringify(source[name] ?? '');
    return `  ${name}=${value}: ${issue.message}`;
  });
  throw new Error(`Invalid environment:\n${lines.join('\n')}`);
}

/** A TCP port number from the environment, with a default. */
export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/** Milliseconds from the environment, with a default. */
export const millis = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

/** A count from the environment (a limit), with a default; at least `min`. */
export const count = (fallback: number, min = 1) => z.coerce.number().int().min(min).default(fallback);

/**
 * An optional URL setting whose scheme is one of `protocols` (`'redis:'`, …) and that names a
 * host, as a URL; undefined when unset or empty; otherwise refused with `format` (what it must be).
 */
export const serviceUrl = (protocols: readonly string[], format: string) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (!value) return undefined;
      const url = URL.canParse(value) ? new URL(value) : null;
      if (!url || !protocols.includes(url.protocol) || !url.hostname) {
        ctx.addIssue({ code: 'custom', message: format });
        return z.NEVER;
      }
      return url;
    });

/** Largest request body every service accepts by default: a batch ingest of a long channel history. */
export const DEFAULT_MAX_REQUEST_BYTES = 20 * 1024 * 1024;

/**
 * What every GraphQL service (gateway and subgraphs) reads for its HTTP side: NODE_ENV
 * (`production` hides internal error messages; stack traces and paths are never sent) and the
 * largest request body, in bytes, answered 413 beyond.
 */
export const servingEnv = {
  NODE_ENV: z.string().default('development'),
  MAX_REQUEST_BYTES: count(DEFAULT_MAX_REQUEST_BYTES),
};

/** The serving settings as the HTTP bootstrap takes them. */
export function serving(env: { NODE_ENV: string; MAX_REQUEST_BYTES: number }) {
  return { production: env.NODE_ENV === 'production', maxRequestBytes: env.MAX_REQUEST_BYTES };
}

/** The serving settings from an environment (a subgraph's), as the HTTP bootstrap takes them. */
export function readServingEnv(source: Readonly<Record<string, string | undefined>> = process.env) {
  return serving(readEnv(z.object(servingEnv), source));
}

/**
 * The limit settings set in `source` (every limit's variable starts with MAX_ or RATE_LIMIT_),
 * so `pnpm start` can hand them to the services it starts.
 */
export function limitSettings(source: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(Object.entries(source).filter((e): e is [string, string] => /^(MAX_|RATE_LIMIT_)/.test(e[0]) && e[1] !== undefined));
}

/** Where a subgraph reads what other subgraphs own: through the gateway, as any client would, within a timeout. */
export const supergraphReadEnv = {
  GATEWAY_URL: z.url().default('http://127.0.0.1:4000/graphql'),
  GATEWAY_TIMEOUT_MS: millis(5000),
};

/** The MongoDB settings every service shares. */
export const mongoEnv = {
  MONGODB_URI: z
    .string({ error: 'is required: set it to a mongodb:// URI, or run `pnpm start`, which provides one' })
    .startsWith('mongodb', 'must be a mongodb:// or mongodb+srv:// URI'),
  /** Prefix of every database name, so several deployments (or test runs) can share one server. */
  MONGODB_DB_PREFIX: z.string().regex(/^[A-Za-z0-9_]*$/, 'letters, digits and _ only').default('telepulse'),
  MONGODB_TIMEOUT_MS: millis(2000),
};

/**
 * METRICS_PORT: a second port serving only GET /metrics, to any address, for a Prometheus that
 * scrapes pods in a cluster (deploy/k8s). Unset (the default): no such port, and /metrics is
 * served on the service's own port to loopback only, as on one machine.
 */
export const metricsEnv = {
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
};

const SECRET_LENGTH = 'must be at least 32 characters, e.g. `openssl rand -base64 32`';

/** A secret for HS256 signatures: at least 32 characters (256 bits when random). */
export const secret = () => z.string().min(32, SECRET_LENGTH);

/** SUBGRAPH_SECRET, which the gateway signs its subgraph requests with; required. */
export const subgraphSecret = () =>
  z.string({ error: 'is required: the secret the gateway signs subgraph requests with, 32+ random characters (`pnpm start` generates one)' }).min(32, SECRET_LENGTH);

/**
 * What every subgraph process reads: MongoDB settings, HOST, METRICS_PORT, its port from `<NAME>_PORT`
 * (the manifest's port by default, under the key `port`) and SUBGRAPH_SECRET, without which it
 * refuses to start: it serves only requests the gateway signed with it.
 */
export function readSubgraphProcessEnv(name: string, defaultPort: number, source: NodeJS.ProcessEnv = process.env) {
  const portName = portVariable(name);
  const env = readEnv(
    z.object({ ...mongoEnv, ...metricsEnv, HOST: z.string().default('127.0.0.1'), [portName]: port(defaultPort), SUBGRAPH_SECRET: subgraphSecret() }),
    source,
  );
  return {
    ...env,
    port: (env as Record<string, unknown>)[portName] as number,
    SUBGRAPH_SECRET: env.SUBGRAPH_SECRET as string,
    METRICS_PORT: env.METRICS_PORT as number | undefined,
  };
}

/**
 * Tracing's settings (the standard OpenTelemetry variables): spans are exported over OTLP/HTTP
 * only when OTEL_EXPORTER_OTLP_ENDPOINT is set (e.g. `http://127.0.0.1:4318`); OTEL_SERVICE_NAME
 * names the process's spans (`pnpm start` sets it to each service's name). The exporter reads
 * the other OTEL_EXPORTER_OTLP_* variables (headers, protocol, timeout) itself.
 */
export function readTracingEnv(source: Readonly<Record<string, string | undefined>> = process.env) {
  return readEnv(
    z.object({
      OTEL_EXPORTER_OTLP_ENDPOINT: z.url('must be a URL such as http://127.0.0.1:4318, or unset to export nothing').optional(),
      OTEL_SERVICE_NAME: z.string().min(1).default('telepulse'),
    }),
    source,
  );
}

/**
 * The tracing variables of `source` to hand to a service process `pnpm start` launches (which
 * inherit nothing else): every OTEL_* variable, and APOLLO_TELEMETRY_DISABLED=1 always, so no
 * ApolloGateway runs cloud detectors or reports usage to Apollo.
 */
export function tracingSettings(source: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const otel = Object.entries(source).filter((e): e is [string, string] => e[0].startsWith('OTEL_') && e[1] !== undefined);
  return { ...Object.fromEntries(otel), APOLLO_TELEMETRY_DISABLED: '1' };
}
