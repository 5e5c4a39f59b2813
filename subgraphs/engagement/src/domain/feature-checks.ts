import { IssueCollector, InvalidInputError, type FieldIssue } from '@telepulse/platform';
import type { FeatureStats } from '@telepulse/models/training/feature-stats';
import { featureFor, isoWeekday, type CandidatePost } from '@telepulse/models/engagement/features';

export interface FeatureCheck {
  errors: FieldIssue[];
  warnings: FieldIssue[];
}

/** The candidate's numeric fields, in the API's order; their ranges come from the model's feature table. */
const CHECKED_FIELDS = ['hourOfDay', 'dayOfWeek', 'contentLength', 'views', 'forwards', 'replies', 'reactions'] as const;

/**
 * Checks a candidate post's features. Errors break the contract (a prediction would fail);
 * warnings flag values the model accepts but rarely saw in training, judged against the
 * training inputs' reference statistics.
 */
export function checkEngagementFeatures(features: CandidatePost, path: string, stats?: Record<string, FeatureStats>): FeatureCheck {
  const errors = new IssueCollector(path);
  for (const field of CHECKED_FIELDS) {
    const { range } = featureFor(field);
    if (range) errors.integer(field, features[field], range.min, range.max);
  }
  const { postedAt } = features;
  if (postedAt !== undefined && postedAt !== null && errors.ok) {
    if (features.hourOfDay !== postedAt.getUTCHours()) errors.add('hourOfDay', features.hourOfDay, `must be ${postedAt.getUTCHours()}, the UTC hour of postedAt`);
    if (features.dayOfWeek !== isoWeekday(postedAt)) errors.add('dayOfWeek', features.dayOfWeek, `must be ${isoWeekday(postedAt)}, the UTC weekday of postedAt (0 = Monday)`);
  }
  const hasEngagement = [features.forwards, features.replies, features.reactions].some((v) => v !== null && v !== undefined);
  if (hasEngagement && (features.views === null || features.views === undefined)) {
    errors.add('views', features.views ?? null, 'is required when early forwards, replies or reactions are given');
  }

  const warnings = new IssueCollector(path);
  const length = featureFor('contentLength').scaling;
  if (features.contentLength > length.saturatesAt) {
    warnings.add('contentLength', features.contentLength, `is above ${length.saturatesAt}: the model treats all longer texts alike`);
  }
  if (errors.ok && features.views != null) {
    const early = (features.forwards ?? 0) + (features.replies ?? 0) + (features.reactions ?? 0);
    if (early > features.views) warnings.add('views', features.views, `is below forwards + replies + reactions (${early}): check the counts`);
    const views = featureFor('views');
    const p99 = stats?.[views.name]?.quantiles.p99;
    if (p99 !== undefined && views.scaling.apply(features.views) > p99) {
      warnings.add('views', features.views, `is above what 99 % of training posts reached (${Math.round(views.scaling.invert(p99))})`);
    }
  }
  return { errors: errors.issues, warnings: warnings.issues };
}

/** Throws BAD_USER_INPUT naming every broken field. */
export function assertEngagementFeatures(features: CandidatePost, path: string): void {
  const { errors } = checkEngagementFeatures(features, path);
  if (errors.length > 0) throw new InvalidInputError(errors);
}
