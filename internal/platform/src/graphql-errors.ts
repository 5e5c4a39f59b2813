import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { DomainError } from './errors.js';
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
