import { describe, expect, it } from 'vitest';
import { dataSeverity, performanceSeverity } from '../src/domain/severity.js';

describe('performance severity', () => {
  it.each([
    [['ADWIN'], 1, 0.5, 'NONE'],
    [[], 1, 3, 'NONE'],
    [['ADWIN'], 1, 1.1, 'LOW'],
    [['PAGE_HINKLEY'], 1, 1.3, 'MEDIUM'],
    [['ADWIN', 'PAGE_HINKLEY'], 1, 1.1, 'MEDIUM'],
    [['ADWIN', 'PAGE_HINKLEY'], 1, 1.3, 'HIGH'],
    [['ADWIN'], 1, 2.5, 'HIGH'],
    [['ADWIN'], 0, 0.1, 'HIGH'],
  ] as const)('%j, mean %d → %d: %s', (detectors, before, after, severity) => {
    const result = performanceSeverity({ detectors, meanBefore: before, meanAfter: after });
    expect(result.severity).toBe(severity);
    expect(result.reason.length).toBeGreaterThan(10);
  });

  it('says an improvement is one', () => {
    expect(performanceSeverity({ detectors: ['ADWIN'], meanBefore: 0.04, meanAfter: 0.02 }).reason).toMatch(/fall.*improvement/);
  });
});

describe('data severity', () => {
  const f = (name: string, psi: number, drifted: boolean) => ({ name, psi, drifted, high: drifted && psi >= 0.25 });
  it('grades by the share drifted and how far', () => {
    expect(dataSeverity({ features: [f('a', 0.01, false), f('b', 0.02, false)] }).severity).toBe('NONE');
    expect(dataSeverity({ features: [f('a', 0.3, true), f('b', 0.02, false), f('c', 0.02, false)] }).severity).toBe('LOW');
    expect(dataSeverity({ features: [f('a', 0.15, true), f('b', 0.12, true), f('c', 0.02, false)] }).severity).toBe('MEDIUM');
    const high = dataSeverity({ features: [f('a', 0.5, true), f('b', 0.4, true), f('c', 0.02, false)] });
    expect(high.severity).toBe('HIGH');
    expect(high.reason).toMatch(/a \(PSI 0\.50\)/);
  });
});
