import { describe, expect, it } from 'vitest';
import { predictionId, type PredictionIdentity } from '../src/domain/prediction-id.js';

const identity: PredictionIdentity = {
  modelName: 'engagement',
  modelVersion: '1.0.0',
  channelId: 'c1',
  features: { hourOfDay: 19, dayOfWeek: 2, contentLength: 240, hasMedia: true, postedAt: null, views: null, forwards: null, replies: null, reactions: null },
  input: [0.1, 0.2, 0.3, 0.4],
  inputShape: [1, 4],
};

describe('prediction ids', () => {
  it('are the same for the same model, channel, request and input', () => {
    expect(predictionId(identity)).toBe(predictionId(structuredClone(identity)));
    expect(predictionId(identity)).toMatch(/^[0-9a-f]{32}$/);
  });

  it.each<[string, Partial<PredictionIdentity>]>([
    ['another model version', { modelVersion: '1.0.1' }],
    ['another channel', { channelId: 'c2' }],
    ['another request the model cannot tell apart', { features: { ...identity.features, contentLength: 5000 } }],
    ['early counts of zero instead of unknown', { features: { ...identity.features, views: 0 } }],
    ['an input one float32 step away', { input: [0.1, 0.2, 0.3, Math.fround(0.4) + 2 ** -25] }],
  ])('differ for %s', (_what, change) => {
    expect(predictionId({ ...identity, ...change })).not.toBe(predictionId(identity));
  });
});
