import { LocalGraphQLDataSource } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { formatGraphQLError } from '@telepulse/platform/graphql-errors';

/**
 * A subgraph the gateway runs in its own process (health, adaptation), executed on the request's
 * own context. Its errors leave it coded as a remote subgraph's would: a domain error (CONFLICT,
 * FORBIDDEN from @requiresScopes, BAD_USER_INPUT …) becomes its code and details in `extensions`,
 * where the gateway, merging the subgraph's errors into its answer, keeps them (it would
 * otherwise see an uncoded error and call it DOWNSTREAM_SERVICE_ERROR).
 */
export class HostedDataSource extends LocalGraphQLDataSource {
  override async process(options: GraphQLDataSourceProcessOptions): Promise<GatewayGraphQLResponse> {
    const result = await super.process(options);
    if (!result.errors) return result;
    return { ...result, errors: result.errors.map((error) => formatGraphQLError(error.toJSON(), error) as never) };
  }
}
