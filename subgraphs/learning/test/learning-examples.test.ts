import { describe, expect, it } from 'vitest';
import { print, type DocumentNode } from 'graphql';
import type { SupergraphClient } from '@telepulse/platform/supergraph-client';
import { supergraphExamples } from '../src/clients/learning-examples.js';
import { labelledExamples } from '../src/domain/labelled-examples.js';
import { usableExamples } from '../src/domain/learning-data.js';
import { GROWTH_FEATURES } from '@telepulse/models/growth/features';
import { GROWTH_WINDOW } from '@telepulse/models/growth/series';

const scope = { trace: { requestId: 't', via: [] }, signal: new AbortController().signal };
const growthInput = { shape: [GROWTH_WINDOW, GROWTH_FEATURES], values: new Array<number>(GROWTH_WINDOW * GROWTH_FEATURES).fill(0) };

/** A gateway that answers from fixed data and records what it was asked. */
function recordingClient(answer: (operation: string, variables: Record<string, unknown>) => unknown) {
  const calls: { operation: string; variables: Record<string, unknown> }[] = [];
  const client = {
    async request(document: DocumentNode, variables: Record<string, unknown>) {
      const operation = print(document);
      calls.push({ operation, variables });
      return answer(operation, variables);
    },
  } as unknown as SupergraphClient;
  return { client, calls };
}

describe('labelled examples read through the gateway', () => {
  it('joins each fed-back outcome to its prediction\'s stored input (one lookup under the catalog field), forecasts with their origin', async () => {
    const { client, calls } = recordingClient((operation) => {
      if (operation.includes('feedbackErrors')) {
        return {
          feedbackErrors: {
            cursor: '2',
            items: [
              { feedbackId: 'f1', predictionId: 'p1', modelVersion: '1.1.0', receivedAt: '2026-01-02T00:00:00Z', error: 0.5, outcome: { engagementRate: null, subscriberCounts: [{ date: '2026-01-05', count: 130 }] } },
              { feedbackId: 'f2', predictionId: 'gone', modelVersion: '1.1.0', receivedAt: '2026-01-03T00:00:00Z', error: 0.2, outcome: { engagementRate: null, subscriberCounts: [{ date: '2026-01-06', count: 131 }] } },
            ],
          },
        };
      }
      return { served: [{ id: 'p1', modelInput: growthInput, points: [{ date: '2026-01-04' }, { date: '2026-01-05' }], features: [{ name: 'lnLastCount', value: Math.log1p(120) }] }, null] };
    });
    const examples = await supergraphExamples(client).read('growth', 'servedGrowthForecasts', 100, scope);
    expect(calls.map((c) => c.variables)).toEqual([{ modelId: 'growth', after: null, limit: 5000 }, { ids: ['p1', 'gone'] }]);
    expect(calls[1]!.operation).toContain('served: servedGrowthForecasts(ids: $ids)');
    expect(examples[0]).toMatchObject({ feedbackId: 'f1', input: growthInput, origin: { lastDate: '2026-01-03', lastCount: 120 }, label: { kind: 'SUBSCRIBER_COUNT' } });
    expect(examples[1]).toMatchObject({ feedbackId: 'f2', input: null, origin: null });

    // The forecast without its input is left out; the other becomes the model kit's growth example.
    const { usable, warnings } = usableExamples('growth', examples);
    expect(warnings.map((w) => w.field)).toEqual(['feedback[f2].input']);
    expect(labelledExamples('growth', usable)).toEqual([
      { input: growthInput.values, inputShape: [GROWTH_WINDOW, GROWTH_FEATURES], lastDate: '2026-01-03', lastCount: 120, observed: [{ date: '2026-01-05', count: 130 }], receivedAt: new Date('2026-01-02T00:00:00Z') },
    ]);
  });

  it('pages through the error stream and keeps only the most recent `max` items', async () => {
    const page = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ feedbackId: `f${from + i}`, predictionId: `p${from + i}`, modelVersion: '2.1.0', receivedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, from + i)).toISOString(), error: 0.01, outcome: { engagementRate: 0.05, subscriberCounts: null } }));
    const { client, calls } = recordingClient((operation, variables) => {
      if (!operation.includes('feedbackErrors')) return { served: (variables.ids as string[]).map(() => null) };
      return variables.after === null ? { feedbackErrors: { cursor: 'c1', items: page(0, 5000) } } : { feedbackErrors: { cursor: 'c2', items: page(5000, 10) } };
    });
    const examples = await supergraphExamples(client).read('engagement', 'servedEngagementPredictions', 1500, scope);
    expect(calls.slice(0, 2).map((c) => c.variables)).toEqual([{ modelId: 'engagement', after: null, limit: 5000 }, { modelId: 'engagement', after: 'c1', limit: 5000 }]);
    expect(examples).toHaveLength(1500);
    expect(examples[0]!.feedbackId).toBe('f3510');
    expect(examples.at(-1)!.feedbackId).toBe('f5009');
    // 1,500 ids: two lookups of at most 1,000.
    expect(calls.slice(2).map((c) => (c.variables.ids as string[]).length)).toEqual([1000, 500]);
  });
});
