import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { DomainError, truncate } from './errors.js';
import { isMongoUnavailable } from './mongo.js';

/**
 * Apollo `formatError` hook: the one place where domain and driver errors become coded
 * GraphQL errors. Unknown errors keep Apollo's INTERNAL_SERVER_ERROR and lose their message
 * details only in production.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof DomainError) {
    return {
      ...formatted,
      message: original.message,
      extensions: { ...formatted.extensions, ...original.details, code: original.code },
    };
  }
  if (isMongoUnavailable(original)) {
    return {
      ...formatted,
      message: `MongoDB is unavailable: ${(original as Error).message}`,
      extensions: { ...formatted.extensions, code: 'SERVICE_UNAVAILABLE', dependency: 'mongodb' },
    };
  }
  return formatted;
}

/** Longest error message a client gets: a message quoting a client's value is cut (errors.ts) long before this. */
const MESSAGE_MAX_CHARS = 1000;
/** Longest string in `extensions` (a request id, a field path, a value repeated back). */
const EXTENSION_MAX_CHARS = 256;

/**
 * The last step of every service's error formatting: no message or extension value longer than
 * a client needs (a 5 MB value sent is never echoed back), and in production no internal detail
 * (an error without a client-facing code says only that it happened; its stack goes to the log).
 */
export function exposeError(formatted: GraphQLFormattedError, error: unknown, options: { service: string; production: boolean }): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (options.production && (code === undefined || code === 'INTERNAL_SERVER_ERROR')) {
    const original = unwrapResolverError(error);
    console.error(`[${options.service}] internal error: ${original instanceof Error ? (original.stack ?? original.message) : String(original)}`);
    const { serviceName } = formatted.extensions ?? {};
    return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR', ...(serviceName ? { serviceName } : {}) } };
  }
  return {
    ...formatted,
    message: truncate(formatted.message, MESSAGE_MAX_CHARS),
    ...(formatted.extensions ? { extensions: boundStrings(formatted.extensions, 3) as Record<string, unknown> } : {}),
  };
}

/** Every string within `value` (objects and arrays to `depth` levels) cut to EXTENSION_MAX_CHARS. */
function boundStrings(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return truncate(value, EXTENSION_MAX_CHARS);
  if (depth === 0 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => boundStrings(item, depth - 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, boundStrings(item, depth - 1)]));
}
