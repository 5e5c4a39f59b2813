import { IssueCollector, InvalidInputError, type FieldIssue } from '@telepulse/platform';
import type { FeatureStats } from '@telepulse/models/training/feature-stats';
import type { CandidatePost } from '@telepulse/models/engagement/features';

export interface FeatureCheck {
  errors: FieldIssue[];
  warnings: FieldIssue[];
}

/** Where the model stops telling lengths apart (the feature is min(length / 1000, 1)). */
const LENGTH_SATURATION = 1000;

/**
 * Checks a candidate post's features. Errors break the contract (a prediction would fail);
 * warnings flag values the model accepts but rarely saw in training, judged against the
 * training inputs' reference statistics.
 */
export function checkEngagementFeatures(features: CandidatePost, path: string, stats?: Record<string, FeatureStats>): FeatureCheck {
  const errors = new IssueCollector(path);
  errors.integer('hourOfDay', features.hourOfDay, 0, 23);
  errors.integer('dayOfWeek', features.dayOfWeek, 0, 6);
  errors.integer('contentLength', features.contentLength, 0);
  for (const key of ['views', 'forwards', 'replies', 'reactions'] as const) errors.integer(key, features[key], 0);
  const hasEngagement = [features.forwards, features.replies, features.reactions].some((v) => v !== null && v !== undefined);
  if (hasEngagement && (features.views === null || features.views === undefined)) {
    errors.add('views', features.views ?? null, 'is required when early forwards, replies or reactions are given');
  }

  const warnings = new IssueCollector(path);
  if (features.contentLength > LENGTH_SATURATION) {
    warnings.add('contentLength', features.contentLength, `is above ${LENGTH_SATURATION}: the model treats all longer texts alike`);
  }
  if (errors.ok && features.views != null) {
    const early = (features.forwards ?? 0) + (features.replies ?? 0) + (features.reactions ?? 0);
    if (early > features.views) warnings.add('views', features.views, `is below forwards + replies + reactions (${early}): check the counts`);
    const p99 = stats?.views?.quantiles.p99;
    if (p99 !== undefined && Math.log1p(features.views) / 10 > p99) {
      warnings.add('views', features.views, `is above what 99 % of training posts reached (${Math.round(Math.expm1(p99 * 10))})`);
    }
  }
  return { errors: errors.issues, warnings: warnings.issues };
}

/** Throws BAD_USER_INPUT naming every broken field. */
export function assertEngagementFeatures(features: CandidatePost, path: string): void {
  const { errors } = checkEngagementFeatures(features, path);
  if (errors.length > 0) throw new InvalidInputError(errors);
}
