/**
 * Turns what the detectors saw into a severity and a sentence saying why. Pure.
 *
 * Performance (a model's error stream):
 * - an error that fell, or did not rise, is NONE (an improvement is no alert);
 * - HIGH: the error at least doubled, or both detectors (ADWIN and Page-Hinkley) saw it rise by ≥ 25 %;
 * - MEDIUM: both detectors saw a rise, or one saw a rise of ≥ 25 %;
 * - LOW: one detector saw a rise of less than 25 %.
 * Data (recent inputs against the training reference):
 * - NONE: no feature drifted; LOW: some did, fewer than half;
 * - MEDIUM: at least half did (dataset drift); HIGH: at least half drifted with PSI ≥ 0.25.
 */
export const SEVERITIES = ['NONE', 'LOW', 'MEDIUM', 'HIGH'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const severityRank = (s: Severity) => SEVERITIES.indexOf(s);
export const atLeast = (s: Severity, min: Severity) => severityRank(s) >= severityRank(min);

export const RISE_MEDIUM = 0.25;
export const RISE_HIGH = 1;

export interface PerformanceEvidence {
  /** The detectors that alarmed (e.g. ADWIN, PAGE_HINKLEY); both known ones agreeing weighs more. */
  detectors: readonly string[];
  /** The mean error before and after the change the detectors located. */
  meanBefore: number;
  meanAfter: number;
}

export interface DataEvidence {
  features: readonly { name: string; psi: number; drifted: boolean; high: boolean }[];
}

export interface SeverityAnalysis {
  severity: Severity;
  reason: string;
}

const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
const num = (x: number) => (Math.abs(x) >= 100 || x === 0 ? x.toFixed(0) : x.toPrecision(3));

export function performanceSeverity({ detectors, meanBefore, meanAfter }: PerformanceEvidence): SeverityAnalysis {
  const who = detectors.length === 0 ? 'no detector' : detectors.join(' and ');
  if (detectors.length === 0) return { severity: 'NONE', reason: 'no detector saw a change in the error' };
  if (!(meanAfter > meanBefore)) {
    return { severity: 'NONE', reason: `${who} saw the mean error fall from ${num(meanBefore)} to ${num(meanAfter)}: an improvement, no alert` };
  }
  // A zero error before makes any rise infinite in relative terms.
  const rise = meanBefore > 0 ? (meanAfter - meanBefore) / meanBefore : Number.POSITIVE_INFINITY;
  const both = detectors.length >= 2;
  const rose = `the mean error rose from ${num(meanBefore)} to ${num(meanAfter)} (${Number.isFinite(rise) ? `+${pct(rise)}` : 'from zero'})`;
  if (rise >= RISE_HIGH) return { severity: 'HIGH', reason: `${who}: ${rose}, at least double` };
  if (both && rise >= RISE_MEDIUM) return { severity: 'HIGH', reason: `${who} agree: ${rose}, ≥ ${pct(RISE_MEDIUM)}` };
  if (both) return { severity: 'MEDIUM', reason: `${who} agree: ${rose}, less than ${pct(RISE_MEDIUM)}` };
  if (rise >= RISE_MEDIUM) return { severity: 'MEDIUM', reason: `${who} alone: ${rose}, ≥ ${pct(RISE_MEDIUM)}` };
  return { severity: 'LOW', reason: `${who} alone: ${rose}, less than ${pct(RISE_MEDIUM)}` };
}

export function dataSeverity({ features }: DataEvidence): SeverityAnalysis {
  if (features.length === 0) return { severity: 'NONE', reason: 'no feature was compared' };
  const drifted = features.filter((f) => f.drifted);
  const high = features.filter((f) => f.high);
  const share = drifted.length / features.length;
  const top = [...drifted].sort((a, b) => b.psi - a.psi).slice(0, 3).map((f) => `${f.name} (PSI ${f.psi.toFixed(2)})`);
  const of = `${drifted.length} of ${features.length} features drifted (${pct(share)})`;
  if (drifted.length === 0) return { severity: 'NONE', reason: `no feature drifted of ${features.length} compared` };
  if (share < 0.5) return { severity: 'LOW', reason: `${of}, fewer than half: ${top.join(', ')}` };
  if (high.length / features.length >= 0.5) return { severity: 'HIGH', reason: `${of}, ${high.length} with PSI ≥ 0.25: ${top.join(', ')}` };
  return { severity: 'MEDIUM', reason: `${of}, dataset drift: ${top.join(', ')}` };
}
