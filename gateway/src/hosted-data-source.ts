import { LocalGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError, graphql } from 'graphql';
import { formatGraphQLError } from '@telepulse/platform/graphql-errors';

/**
 * A subgraph the gateway runs in its own process (health, adaptation), executed on the request's
 * own context. Its errors leave it coded as a remote subgraph's would: a domain error (CONFLICT,
 * FORBIDDEN from @requiresScopes, BAD_USER_INPUT …) becomes its code and details in `extensions`,
 * where the gateway, merging the subgraph's errors into its answer, keeps them (it would
 * otherwise see an uncoded error and call it DOWNSTREAM_SERVICE_ERROR).
 */
export class HostedDataSource extends LocalGraphQLDataSource {
  override async process({ request, context }: Pick<GraphQLDataSourceProcessOptions, 'request' | 'context'>): Promise<GatewayGraphQLResponse> {
    const result = await graphql({ schema: this.schema, source: request.query!, variableValues: request.variables, operationName: request.operationName, contextValue: context });
    if (!result.errors) return result as GatewayGraphQLResponse;
    return {
      ...result,
      errors: result.errors.map((error) => {
        const formatted = formatGraphQLError(error.toJSON(), error);
        return new GraphQLError(formatted.message, { nodes: error.nodes, path: error.path, originalError: error.originalError, extensions: formatted.extensions });
      }),
    } as GatewayGraphQLResponse;
  }
}
