import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '@telepulse/platform';
import { featureFor } from '@telepulse/models/engagement/features';
import { assertEngagementFeatures, checkEngagementFeatures } from '../src/domain/feature-checks.js';

const valid = { hourOfDay: 12, dayOfWeek: 3, contentLength: 200, hasMedia: false };

describe('engagement feature checks', () => {
  it('accepts a valid candidate, with or without early counts', () => {
    expect(checkEngagementFeatures(valid, 'features')).toEqual({ errors: [], warnings: [] });
    expect(checkEngagementFeatures({ ...valid, views: 100, reactions: 3 }, 'features').errors).toEqual([]);
  });

  it('names each broken field with its value', () => {
    const { errors } = checkEngagementFeatures({ hourOfDay: 25, dayOfWeek: -1, contentLength: 1.5, hasMedia: true, views: -3 }, 'features');
    expect(errors).toEqual([
      { field: 'features.hourOfDay', value: 25, message: 'must be between 0 and 23' },
      { field: 'features.dayOfWeek', value: -1, message: 'must be between 0 and 6' },
      { field: 'features.contentLength', value: 1.5, message: 'must be a whole number' },
      { field: 'features.views', value: -3, message: 'must be at least 0' },
    ]);
  });

  it('takes a publishing time whose UTC hour and weekday are the ones given, and names each that disagrees', () => {
    const postedAt = new Date('2024-06-05T12:30:00Z'); // a Wednesday: weekday 2
    expect(checkEngagementFeatures({ ...valid, dayOfWeek: 2, postedAt }, 'f').errors).toEqual([]);
    expect(checkEngagementFeatures({ ...valid, hourOfDay: 13, postedAt }, 'f').errors).toEqual([
      { field: 'f.hourOfDay', value: 13, message: 'must be 12, the UTC hour of postedAt' },
      { field: 'f.dayOfWeek', value: 3, message: 'must be 2, the UTC weekday of postedAt (0 = Monday)' },
    ]);
  });

  it('requires views with early engagement counts', () => {
    expect(checkEngagementFeatures({ ...valid, replies: 4 }, 'f').errors).toEqual([
      { field: 'f.views', value: null, message: 'is required when early forwards, replies or reactions are given' },
    ]);
  });

  it('warns on lengths the model cannot tell apart and on views beyond its training range', () => {
    const stats = { views: { quantiles: { p99: Math.log1p(50_000) / 10 } } } as never;
    const { errors, warnings } = checkEngagementFeatures({ ...valid, contentLength: 5000, views: 1_000_000 }, 'features', stats);
    expect(errors).toEqual([]);
    expect(warnings.map((w) => w.field)).toEqual(['features.contentLength', 'features.views']);
  });

  it("takes its limits from the model's feature table: the length where the feature saturates, the views the p99 stands for", () => {
    const saturation = featureFor('contentLength').scaling.saturatesAt;
    expect(checkEngagementFeatures({ ...valid, contentLength: saturation }, 'f').warnings).toEqual([]);
    expect(checkEngagementFeatures({ ...valid, contentLength: saturation + 1 }, 'f').warnings[0]).toMatchObject({ field: 'f.contentLength', message: `is above ${saturation}: the model treats all longer texts alike` });
    const views = featureFor('views').scaling;
    const stats = { views: { quantiles: { p99: views.apply(20_000) } } } as never;
    expect(checkEngagementFeatures({ ...valid, views: 20_000 }, 'f', stats).warnings).toEqual([]);
    expect(checkEngagementFeatures({ ...valid, views: 20_001 }, 'f', stats).warnings).toEqual([
      { field: 'f.views', value: 20_001, message: 'is above what 99 % of training posts reached (20000)' },
    ]);
  });

  it('throws BAD_USER_INPUT for a broken candidate', () => {
    expect(() => assertEngagementFeatures({ ...valid, hourOfDay: 24 }, 'features')).toThrow(InvalidInputError);
  });
});
