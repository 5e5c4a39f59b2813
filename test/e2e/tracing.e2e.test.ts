import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { startTracing } from '@telepulse/platform/tracing';

// Tracing starts before the stack's modules load (imported below, dynamically), as `--import` does for a service process.
const exporter = new InMemorySpanExporter();
const sdk = startTracing({ serviceName: 'telepulse-test', spanProcessors: [new SimpleSpanProcessor(exporter)] });
const { simulateChannels } = await import('@telepulse/dataset');
const { seedChannels } = await import('@telepulse/devstack/seed');
const { testMongo } = await import('../support/mongo.js');
const { startStack } = await import('../support/stack.js');

describe('tracing', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  const channels = simulateChannels({ seed: 41, channels: 2, days: 90, idPrefix: 'trc' }).filter((c) => c.posts.length >= 40);

  beforeAll(async () => {
    mongo = await testMongo();
    stack = await startStack({ mongodbUri: mongo.uri, prefix: mongo.prefix });
    await seedChannels(stack.query, channels);
  });
  afterAll(async () => {
    await stack?.stop();
    await mongo?.drop();
    await sdk.shutdown();
  });

  it("puts one gateway request and the subgraph work it causes in one trace: each subgraph's server span continues the gateway's fetch span", async () => {
    const predicted = await stack.query<{ predictEngagement: { id: string } }>(
      `mutation Predict($c: ID!) { predictEngagement(channelId: $c, features: { hourOfDay: 9, dayOfWeek: 1, contentLength: 100, hasMedia: false }) { id } }`,
      { c: channels[0]!.id },
    );
    expect(predicted.errors).toBeUndefined();
    exporter.reset();
    // The engagement subgraph answers the prediction it stored from its cache; the unknown id beside it is what it has to read from its collection.
    const read = await stack.query(`query Read($id: ID!) { engagementPrediction(id: $id) { id channel { title } } unknown: engagementPrediction(id: "not-stored") { id } }`, {
      id: predicted.data!.predictEngagement.id,
    });
    expect(read.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['unknown'], 'NOT_FOUND']]);

    const spans = exporter.getFinishedSpans();
    const requests = spans.filter((s) => s.name === 'gateway.request' && s.attributes['graphql.operation.name'] === 'Read');
    expect(requests).toHaveLength(1);
    const traceId = requests[0]!.spanContext().traceId;
    const inTrace = spans.filter((s) => s.spanContext().traceId === traceId);
    const fetches = inTrace.filter((s) => s.name === 'gateway.fetch');
    expect(fetches.map((s) => s.attributes.service).sort()).toEqual(['channels', 'engagement']);
    // The subgraphs' operations (the query plan's fetches, named by the gateway) and their database reads, in the gateway's trace.
    const operations = inTrace.filter((s) => s.name.startsWith('query Read__')).map((s) => s.name.replace(/__\d+$/, ''));
    expect(operations.sort()).toEqual(['query Read__channels', 'query Read__engagement']);
    expect(inTrace.filter((s) => s.attributes['db.system.name'] === 'mongodb').map((s) => s.attributes['db.collection.name']).sort()).toEqual(['channels', 'engagement_predictions']);
    // Each subgraph's HTTP server span descends from the gateway's fetch span for it (through the
    // HTTP client span when the gateway's transport is node:http, which the instrumentation patches).
    const byId = new Map(inTrace.map((s) => [s.spanContext().spanId, s]));
    const fetchAbove = (span: (typeof spans)[number]) => {
      let parent = span.parentSpanContext && byId.get(span.parentSpanContext.spanId);
      while (parent && parent.name !== 'gateway.fetch') parent = parent.parentSpanContext && byId.get(parent.parentSpanContext.spanId);
      return parent?.attributes.service;
    };
    const subgraphServers = inTrace.filter((s) => s.kind === SpanKind.SERVER && s.parentSpanContext !== undefined);
    expect(subgraphServers.map(fetchAbove).sort()).toEqual(['channels', 'engagement']);
    // Nothing else of this request went into another trace.
    expect(spans.filter((s) => s.name.startsWith('query Read__') && s.spanContext().traceId !== traceId)).toEqual([]);
  });
});
