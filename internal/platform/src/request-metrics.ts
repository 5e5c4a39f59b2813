import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { ServiceMetrics } from './service-metrics.js';

/**
 * Counts and times every GraphQL request Apollo Server answers, by operation name and type:
 * from the request reaching Apollo Server (after admission and body parsing) to its answer
 * being ready. An answer with any GraphQL error (a failed parse, validation, a field error)
 * counts as `error`.
 */
export function requestMetricsPlugin<Context extends BaseContext>(metrics: ServiceMetrics): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ operationName, operation, errors, response }) {
          const body = response.body;
          const failed = (errors?.length ?? 0) > 0 || (body.kind === 'single' && (body.singleResult.errors?.length ?? 0) > 0);
          metrics.requestEnded(operation ? (operationName ?? undefined) : undefined, operation?.operation, failed ? 'error' : 'ok', (performance.now() - started) / 1000);
        },
      };
    },
  };
}
