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
    propagateTrace(options);
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

/**
 * Puts the active trace context (`traceparent`, `tracestate`) into the fetch's headers. The
 * gateway hands data sources a request without `http`; SubgraphDataSource copies the headers of
 * one it is given into those it sends. Nothing is added when no tracing SDK is
 * registered (the propagator is then a no-op).
 */
function propagateTrace(options: GraphQLDataSourceProcessOptions): void {
  const fields: Record<string, string> = {};
  propagation.inject(context.active(), fields);
  for (const [name, value] of Object.entries(fields)) {
    // The URL and method are the data source's own: SubgraphDataSource sends to its replicas.
    (options.request.http ??= { method: 'POST', url: '', headers: new Headers() }).headers.set(name, value);
  }
}
