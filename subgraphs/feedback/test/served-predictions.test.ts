import { describe, expect, it } from 'vitest';
import { Kind, parse, print, type OperationDefinitionNode } from 'graphql';
import { modelsWithFeedback } from '@telepulse/models/catalog/model-catalog';
import type { SupergraphClient } from '@telepulse/platform/supergraph-client';
import { SERVED_IDS_MAX, servedLookupDocument, supergraphServedPredictions, type ServedPredictionWire } from '../src/clients/served-predictions.js';

const scope = { trace: { requestId: 't', via: [] }, signal: new AbortController().signal };
const wire = (id: string, model: string): ServedPredictionWire => ({
  id,
  model: { id: model },
  modelVersion: '1.0.0',
  channelId: 'c1',
  postId: null,
  postedAt: null,
  createdAt: '2025-03-01T00:00:00.000Z',
  points: [{ date: null, value: 0.1, lower80: null, upper80: null, lower95: null, upper95: null }],
  features: [],
});

/** A gateway that answers every model's field from `stored` (model id by prediction id), recording each request's ids. */
function fakeGateway(stored: Record<string, string>) {
  const calls: { ids: string[]; fields: string[] }[] = [];
  const models = modelsWithFeedback();
  const client = {
    async request(document: Parameters<SupergraphClient['request']>[0], variables: { ids: string[] }) {
      const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
      const fields = operation.selectionSet.selections.map((s) => (s.kind === Kind.FIELD ? `${s.alias?.value}:${s.name.value}` : ''));
      calls.push({ ids: variables.ids, fields });
      return Object.fromEntries(models.map((m, i) => [`m${i}`, variables.ids.map((id) => (stored[id] === m.id ? wire(id, m.id) : null))]));
    },
  } as unknown as SupergraphClient;
  return { client, calls };
}

describe('finding served predictions through the gateway', () => {
  it('asks every catalog model that takes feedback, aliased, around the fixed fragment, in one document', () => {
    const document = parse(servedLookupDocument(modelsWithFeedback()));
    const text = print(document);
    modelsWithFeedback().forEach((m, i) => expect(text).toContain(`m${i}: ${m.served}(ids: $ids) {\n    ...ServedPrediction\n  }`));
    expect(document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)).toHaveLength(1);
  });

  it('finds each id in whichever model served it, null for an id none did, one request per 1,000 ids', async () => {
    const [engagement, growth] = modelsWithFeedback();
    const ids = Array.from({ length: SERVED_IDS_MAX + 5 }, (_, i) => `id${i}`);
    const { client, calls } = fakeGateway({ id0: engagement!.id, [`id${SERVED_IDS_MAX + 1}`]: growth!.id });
    const found = await supergraphServedPredictions(client, modelsWithFeedback()).find(ids, scope);
    expect(calls.map((c) => c.ids.length)).toEqual([SERVED_IDS_MAX, 5]);
    expect(calls[0]!.fields).toEqual(modelsWithFeedback().map((m, i) => `m${i}:${m.served}`));
    expect(found.get('id0')).toMatchObject({ id: 'id0', modelId: engagement!.id, outcome: engagement!.outcome, createdAt: new Date('2025-03-01T00:00:00Z') });
    expect(found.get(`id${SERVED_IDS_MAX + 1}`)).toMatchObject({ modelId: growth!.id, outcome: growth!.outcome });
    expect([...found.values()].filter((p) => p === null)).toHaveLength(ids.length - 2);
  });

  it('refuses an answer that is not the fragment’s shape instead of passing it on', async () => {
    const client = { request: async () => ({ m0: [{ id: 'x' }] }) } as unknown as SupergraphClient;
    await expect(supergraphServedPredictions(client, modelsWithFeedback()).find(['x'], scope)).rejects.toThrow();
  });
});
