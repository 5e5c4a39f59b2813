import { InvalidInputError } from '@telepulse/platform/errors';
import { IssueCollector } from '@telepulse/platform/validation';
import { RISING_BUCKETS_MAX, RISING_BUCKETS_MIN, type Thresholds } from './alert-rules.js';

/** setAlertThresholds' input, as GraphQL hands it over: a field left out is absent, one set to null is null. */
export interface ThresholdInput {
  errorAbove?: number | null;
  latencyP99AboveMs?: number | null;
  risingBuckets?: number | null;
  reset?: boolean | null;
}

/**
 * The thresholds after `input` is applied to `current` ('reset' for back to the catalog's), or
 * BAD_USER_INPUT naming each broken field under `thresholds`.
 */
export function applyThresholdInput(current: Thresholds, input: ThresholdInput): Thresholds | 'reset' {
  const issues = new IssueCollector();
  const changes = (['errorAbove', 'latencyP99AboveMs', 'risingBuckets'] as const).filter((f) => f in input && input[f] !== undefined);
  if (input.reset) {
    if (changes.length > 0) issues.add('thresholds.reset', true, `cannot be combined with ${changes.join(', ')}: reset restores the catalog's values`);
    issues.throwIfAny();
    return 'reset';
  }
  if (changes.length === 0) issues.add('thresholds', input, 'changes nothing: set errorAbove, latencyP99AboveMs or risingBuckets, or reset');
  for (const field of ['errorAbove', 'latencyP99AboveMs'] as const) {
    const value = input[field];
    if (value !== null && value !== undefined && (!Number.isFinite(value) || value <= 0)) issues.add(`thresholds.${field}`, value, 'must be above 0 (null disables the rule)');
  }
  if (input.risingBuckets === null) issues.add('thresholds.risingBuckets', null, `cannot be null: ${RISING_BUCKETS_MIN} to ${RISING_BUCKETS_MAX}`);
  else issues.integer('thresholds.risingBuckets', input.risingBuckets, RISING_BUCKETS_MIN, RISING_BUCKETS_MAX);
  issues.throwIfAny();
  return {
    errorAbove: input.errorAbove === undefined ? current.errorAbove : input.errorAbove,
    latencyP99AboveMs: input.latencyP99AboveMs === undefined ? current.latencyP99AboveMs : input.latencyP99AboveMs,
    risingBuckets: input.risingBuckets ?? current.risingBuckets,
  };
}
