import { Adwin, type AdwinOptions } from '../domain/adwin.js';
import { PageHinkley, type PageHinkleyOptions } from '../domain/page-hinkley.js';
import { FAMILIES, generateStream, specOf, type ShiftKind, type StreamFamily } from './streams.js';

/**
 * Runs detectors over the synthetic streams and measures what the issue asks: the share of
 * stationary streams that raise any alarm, and on shifted streams the share detected after the
 * change and the mean delay (items from the change's start to the first alarm at or after it).
 */
export interface StreamDetector {
  /** True when this item raised an alarm. */
  update(value: number): boolean;
}

export interface DetectorUnderTest {
  name: string;
  create: () => StreamDetector;
}

export const adwinUnderTest = (options: Partial<AdwinOptions> = {}): DetectorUnderTest => ({
  name: 'ADWIN',
  create: () => {
    const adwin = new Adwin(options);
    return { update: (x) => adwin.update(x) !== null };
  },
});

export const pageHinkleyUnderTest = (options: Partial<PageHinkleyOptions> = {}): DetectorUnderTest => ({
  name: 'Page-Hinkley',
  create: () => {
    const ph = new PageHinkley(options);
    return { update: (x) => ph.update(x) !== null };
  },
});

/** Indices at which a detector alarmed on one stream. */
export function alarmsOn(detector: DetectorUnderTest, stream: readonly number[]): number[] {
  const d = detector.create();
  const alarms: number[] = [];
  stream.forEach((x, t) => {
    if (d.update(x)) alarms.push(t);
  });
  return alarms;
}

export interface CaseResult {
  detector: string;
  family: string;
  kind: ShiftKind;
  streams: number;
  /** Stationary: streams with any alarm. Shifted: streams with an alarm before the change. */
  falseAlarmStreams: number;
  /** Shifted: streams with an alarm at or after the change. */
  detected: number;
  /** Mean delay over the detected streams (null when none). */
  meanDelay: number | null;
}

export function runCase(detector: DetectorUnderTest, family: StreamFamily, kind: ShiftKind, streams: number, seed: number): CaseResult {
  const spec = specOf(family, kind);
  let falseAlarmStreams = 0;
  let detected = 0;
  let delays = 0;
  for (let i = 0; i < streams; i++) {
    const alarms = alarmsOn(detector, generateStream(spec, seed, i));
    if (kind === 'stationary') {
      if (alarms.length > 0) falseAlarmStreams++;
      continue;
    }
    if (alarms.some((t) => t < spec.changeAt)) falseAlarmStreams++;
    const first = alarms.find((t) => t >= spec.changeAt);
    if (first !== undefined) {
      detected++;
      delays += first - spec.changeAt;
    }
  }
  return { detector: detector.name, family: family.name, kind, streams, falseAlarmStreams, detected, meanDelay: detected > 0 ? delays / detected : null };
}

/** Every family × {stationary, abrupt, gradual} for each detector. */
export function calibrate(detectors: readonly DetectorUnderTest[], streams: number, seed: number): CaseResult[] {
  return detectors.flatMap((d) => FAMILIES.flatMap((f) => (['stationary', 'abrupt', 'gradual'] as const).map((k) => runCase(d, f, k, streams, seed))));
}
