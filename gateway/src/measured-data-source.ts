import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { context, propagation } from '@opentelemetry/api';
import type { ServiceMetrics } from '@telepulse/platform/service-metrics';

/**
 * Wraps the data source of one subgraph: times each fetch into the gateway's metrics
 * (telepulse_subgraph_fetch_duration_seconds; `error` when the answer carries GraphQL errors or
 * the fetch threw) and hands the active trace context on in the fetch's headers (`traceparent`),
 * so the subgraph's spans join the gateway request's trace. The gateway fetches with the global
 * `fetch`, which the HTTP instrumentation does not patch; without a tracing SDK registered the
 * propagator is a no-op and no header is added.
 */
export class MeasuredDataSource implements GraphQLDataSource {
  constructor(
    readonly name: string,
    readonly inner: GraphQLDataSource,
    private readonly metrics: ServiceMetrics,
  ) {}

  async process(options: GraphQLDataSourceProcessOptions): Promise<GatewayGraphQLResponse> {
    const headers = options.request.http?.headers;
    if (headers) propagation.inject(context.active(), headers, { set: (carrier, key, value) => carrier.set(key, value) });
    const started = performance.now();
    try {
      const response = await this.inner.process(options);
      this.metrics.fetchEnded(this.name, (response.errors?.length ?? 0) > 0 ? 'error' : 'ok', (performance.now() - started) / 1000);
      return response;
    } catch (error) {
      this.metrics.fetchEnded(this.name, 'error', (performance.now() - started) / 1000);
      throw error;
    }
  }
}
