/**
 * Loaded before a service's own code with `node --import` (`pnpm start` does so for each
 * service process when OTEL_EXPORTER_OTLP_ENDPOINT is set): starts tracing with the OTLP/HTTP
 * exporter, so http, graphql and mongodb are patched before anything loads them. Without the
 * endpoint it does nothing. Spans are batched; those of the last moments before a stop may
 * not be sent, since the service exits once its server has drained.
 */
import { readTracingEnv } from './env.js';
import { startTracing } from './tracing.js';

const env = readTracingEnv();
if (env.OTEL_EXPORTER_OTLP_ENDPOINT) {
  startTracing({ serviceName: env.OTEL_SERVICE_NAME });
  console.log(`[${env.OTEL_SERVICE_NAME}] tracing: spans exported to ${env.OTEL_EXPORTER_OTLP_ENDPOINT}`);
}
