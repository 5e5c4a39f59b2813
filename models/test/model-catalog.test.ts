import { describe, expect, it } from 'vitest';
import { catalogModelById, modelCatalog, modelsWithFeedback, parseModelCatalog } from '../src/catalog/model-catalog.js';

const entry = {
  id: 'engagement',
  description: 'x',
  subgraph: 'engagement',
  outcome: 'ENGAGEMENT_RATE',
  served: 'servedEngagementPredictions',
  recent: 'recentEngagementPredictions',
  serving: 'engagementServing',
  alerts: { errorAbove: 0.03, latencyP99AboveMs: 250, risingBuckets: 3 },
};

describe('model catalog', () => {
  it('lists every model that serves, with feedback only where predictions are stored', () => {
    expect(modelCatalog().map((m) => m.id)).toEqual(['engagement', 'growth', 'content-viral', 'content-cnn']);
    expect(modelsWithFeedback().map((m) => m.id)).toEqual(['engagement', 'growth', 'content-viral']);
    expect(catalogModelById('growth')?.outcome).toBe('SUBSCRIBER_COUNT');
    expect(catalogModelById('nope')).toBeUndefined();
  });

  it('refuses duplicate ids, half-set feedback fields and field names that are not GraphQL names', () => {
    expect(() => parseModelCatalog(JSON.stringify({ models: [entry, entry] }), 'c')).toThrow(/duplicate model id engagement/);
    expect(() => parseModelCatalog(JSON.stringify({ models: [{ ...entry, served: null }] }), 'c')).toThrow(/all set or all null/);
    expect(() => parseModelCatalog(JSON.stringify({ models: [{ ...entry, serving: 'a-b' }] }), 'c')).toThrow(/models\.0\.serving: a GraphQL field name/);
  });
});
