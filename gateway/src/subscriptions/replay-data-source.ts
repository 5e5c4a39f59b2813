import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { FetchNode } from '@apollo/query-planner';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';

/**
 * The owning subgraph's data source for one subscription event (the replay trick):
 * `executeQueryPlan` starts from empty data, so the event is fed to it as the answer to the
 * plan's primary fetch, run as the first step of `Sequence[primary, rest]`. The primary
 * operation is answered with the event, never sent; every other fetch to the same subgraph (an
 * entity fetch the rest of the plan makes there) goes to its real data source.
 */
export class ReplayDataSource implements GraphQLDataSource {
  constructor(
    private readonly primary: FetchNode,
    private readonly event: GatewayGraphQLResponse,
    private readonly delegate: GraphQLDataSource | undefined,
  ) {}

  async process(options: GraphQLDataSourceProcessOptions): Promise<GatewayGraphQLResponse> {
    // A copy: the executor rewrites and merges the answer in place.
    if (options.request.query === this.primary.operation) return structuredClone(this.event);
    if (!this.delegate) throw new Error(`no data source for the ${this.primary.serviceName} subgraph, which the plan asks again`);
    return this.delegate.process(options);
  }
}
