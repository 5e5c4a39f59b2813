import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { MongoDBInstrumentation } from '@opentelemetry/instrumentation-mongodb';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';

/**
 * OpenTelemetry tracing for one service process, off unless started. Gateway and subgraphs
 * join one trace per client request: @apollo/gateway emits `gateway.request` … `gateway.fetch`
 * spans once a tracer provider is registered, each fetch carries `traceparent`
 * (gateway/src/measured-data-source.ts), and the subgraph's HTTP server span and its GraphQL
 * parse/validate/execute/resolve spans and its MongoDB command spans continue it.
 *
 * Left out on purpose: the auto-instrumentations bundle and every resource detector (they
 * probe AWS, GCP and Azure metadata addresses off this machine), and OTLP metrics and logs
 * (metrics are Prometheus's, on /metrics). Started before the service's code is imported
 * (tracing-register.ts, through `node --import`), so the CommonJS modules it patches (http,
 * graphql, mongodb) are patched when first loaded.
 */
export interface TracingOptions {
  /** `service.name` on every span: the gateway's or the subgraph's name. */
  serviceName: string;
  /**
   * Where spans go: by default one batching processor over the OTLP/HTTP exporter, configured
   * by the standard OTEL_EXPORTER_OTLP_* variables (endpoint, headers, protocol). Tests pass an
   * in-memory exporter's processor.
   */
  spanProcessors?: SpanProcessor[];
}

/** Registers the tracer provider and the http, graphql and mongodb instrumentations; returns the SDK (shut it down to flush). */
export function startTracing(options: TracingOptions): NodeSDK {
  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    resourceDetectors: [],
    autoDetectResources: false,
    ...(options.spanProcessors ? { spanProcessors: options.spanProcessors } : { traceExporter: new OTLPTraceExporter() }),
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        // Liveness and scrapes are not requests anyone traces, and would drown the traces that matter.
        ignoreIncomingRequestHook: (request) => /^\/(health|metrics)\b/.test(request.url ?? ''),
      }),
      // Trivial field resolvers (a property read) would be one span each: thousands per list query.
      new GraphQLInstrumentation({ ignoreTrivialResolveSpans: true, mergeItems: true }),
      new MongoDBInstrumentation(),
    ],
  });
  sdk.start();
  return sdk;
}
