import { describe, expect, it } from 'vitest';
import { buildEngagementInput, HISTORY_POSTS, INPUT_COLUMNS } from '@telepulse/models/engagement/features';
import { ENGAGEMENT_DRIFT_FEATURES, engagementDriftFeatures } from '@telepulse/models/engagement/drift-features';
import { servedEngagementPrediction } from '../src/domain/served-prediction.js';
import { samplePrediction } from './sample-prediction.js';

const createdAt = new Date('2025-01-01T00:00:00Z');
const history = Array.from({ length: 10 }, (_, i) => ({ postedAt: new Date(Date.UTC(2024, 11, 1, i)), views: 100 + i, forwards: 1, replies: 1, reactions: 3, textLength: 50, hasMedia: false }));

describe('servedEngagementPrediction', () => {
  it('gives the rate as one point and the drift features of the stored input', () => {
    const postedAt = new Date('2025-01-02T08:15:00Z');
    const { input } = buildEngagementInput(history, { hourOfDay: 8, dayOfWeek: 3, contentLength: 99, hasMedia: true, postedAt });
    const record = samplePrediction('p1', createdAt, {
      input: Array.from(input),
      inputShape: [HISTORY_POSTS + 1, INPUT_COLUMNS.length],
      features: { hourOfDay: 8, dayOfWeek: 3, contentLength: 99, hasMedia: true, postedAt, views: null, forwards: null, replies: null, reactions: null },
    });
    const served = servedEngagementPrediction(record);
    expect(served).toMatchObject({ id: 'p1', modelId: 'engagement', modelVersion: '1.0.0', outcome: 'ENGAGEMENT_RATE', channelId: 'c1', postId: null, postedAt, createdAt });
    expect(served.points).toEqual([{ date: null, value: 0.04, lower80: null, upper80: null, lower95: null, upper95: null }]);
    expect(served.features).toEqual(Object.entries(engagementDriftFeatures(input)).map(([name, value]) => ({ name, value })));
    expect(served.features.map((f) => f.name)).toEqual([...ENGAGEMENT_DRIFT_FEATURES]);
  });

  it("keeps what an input of an earlier model's columns still tells: the candidate and the history length", () => {
    const served = servedEngagementPrediction(samplePrediction('old', createdAt));
    expect(served.features).toEqual([
      { name: 'hourOfDay', value: 1.5 },
      { name: 'dayOfWeek', value: 2 },
      { name: 'lnContentLength', value: Math.log1p(3) },
      { name: 'hasMedia', value: 0 },
      { name: 'historyLength', value: 2 },
    ]);
  });
});
