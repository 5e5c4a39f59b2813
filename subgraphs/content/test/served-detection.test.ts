import { describe, expect, it } from 'vitest';
import { viralDriftFeatures } from '@telepulse/models/content-viral/drift-features';
import { servedViralDetection } from '../src/domain/served-detection.js';
import { sampleDetection } from './sample-detection.js';

const createdAt = new Date('2025-01-01T00:00:00Z');

describe('servedViralDetection', () => {
  it('gives the probability as one point, the post, and the drift features stored with it', () => {
    const features = viralDriftFeatures('Breaking: #news https://example.com 🔥');
    const record = { ...sampleDetection('9', createdAt, 0.8), features };
    const served = servedViralDetection(record);
    expect(served).toMatchObject({ id: record.id, modelId: record.modelName, outcome: 'VIRAL', channelId: record.channelId, postId: '9', postedAt: null, createdAt });
    expect(served.points).toEqual([{ date: null, value: 0.8, lower80: null, upper80: null, lower95: null, upper95: null }]);
    expect(served.features).toEqual(Object.entries(features).map(([name, value]) => ({ name, value })));
  });

  it('gives a detection stored before its features were kept the one it can: ln of its text length', () => {
    const record = sampleDetection('9', createdAt);
    expect(servedViralDetection(record).features).toEqual([{ name: 'lnLength', value: Math.log1p(record.textLength) }]);
  });
});
