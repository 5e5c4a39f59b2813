import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '@telepulse/platform/errors';
import { applyThresholdInput, type ThresholdInput } from '../src/domain/threshold-input.js';

const current = { errorAbove: 0.03, latencyP99AboveMs: 250, risingBuckets: 3 };
const fields = (input: ThresholdInput) => {
  try {
    applyThresholdInput(current, input);
  } catch (error) {
    return (error as InvalidInputError).issues.map((i) => i.field);
  }
  return [];
};

describe('applyThresholdInput', () => {
  it('changes the fields given, keeps the others, and disables a rule set to null', () => {
    expect(applyThresholdInput(current, { errorAbove: 0.05 })).toEqual({ ...current, errorAbove: 0.05 });
    expect(applyThresholdInput(current, { latencyP99AboveMs: null, risingBuckets: 5 })).toEqual({ errorAbove: 0.03, latencyP99AboveMs: null, risingBuckets: 5 });
    expect(applyThresholdInput(current, { reset: true })).toBe('reset');
  });

  it('names each broken field', () => {
    expect(fields({})).toEqual(['thresholds']);
    expect(fields({ errorAbove: 0, latencyP99AboveMs: -1 })).toEqual(['thresholds.errorAbove', 'thresholds.latencyP99AboveMs']);
    expect(fields({ risingBuckets: null })).toEqual(['thresholds.risingBuckets']);
    expect(fields({ risingBuckets: 1 })).toEqual(['thresholds.risingBuckets']);
    expect(fields({ reset: true, errorAbove: 1 })).toEqual(['thresholds.reset']);
  });
});
