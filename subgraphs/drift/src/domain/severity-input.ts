import { InvalidInputError } from '@telepulse/platform/errors';
import { PSI_HIGH, PSI_MODERATE } from './psi.js';
import { dataSeverity, performanceSeverity, type Severity } from './severity.js';

/** analyzeDriftSeverity's evidence: exactly one kind. */
export interface SeverityInput {
  performance?: { detectors: readonly string[]; meanErrorBefore: number; meanErrorAfter: number } | null;
  data?: { features: readonly { name: string; psi: number; ksStatistic: number; ksCritical: number }[] } | null;
}

/** Grades the evidence (severity.ts); BAD_USER_INPUT naming `input` unless exactly one of performance and data is given. */
export function analyzeSeverity(input: SeverityInput): { kind: 'PERFORMANCE' | 'DATA'; severity: Severity; reason: string } {
  const { performance, data } = input;
  if ((performance == null) === (data == null)) {
    throw new InvalidInputError([{ field: 'input', value: Object.keys(input).filter((k) => input[k as keyof SeverityInput] != null), message: 'give exactly one of performance and data' }]);
  }
  if (performance) {
    const detectors = [...new Set(performance.detectors)];
    return { kind: 'PERFORMANCE', ...performanceSeverity({ detectors, meanBefore: performance.meanErrorBefore, meanAfter: performance.meanErrorAfter }) };
  }
  const features = data!.features.map((f, i) => {
    if (f.psi < 0) throw new InvalidInputError([{ field: `input.data.features[${i}].psi`, value: f.psi, message: 'a PSI is never negative' }]);
    const drifted = f.ksStatistic > f.ksCritical && f.psi >= PSI_MODERATE;
    return { name: f.name, psi: f.psi, drifted, high: drifted && f.psi >= PSI_HIGH };
  });
  return { kind: 'DATA', ...dataSeverity({ features }) };
}
