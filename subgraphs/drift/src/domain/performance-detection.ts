import { Adwin, type AdwinOptions, type AdwinState } from './adwin.js';
import { alertId, type DriftAlert } from './drift-alert.js';
import { PageHinkley, type PageHinkleyOptions, type PageHinkleyState } from './page-hinkley.js';
import { performanceSeverity, type Severity } from './severity.js';

/**
 * Sequential change detection on one model's error stream, resumable: the detectors' state goes
 * in, items in arrival order go through both detectors, the new state and the alarms come out.
 * Pure, so a detection over the same items from the same state always raises the same alarms
 * with the same ids (what makes a retried detection idempotent).
 *
 * - The detectors follow one model version: an item of another version restarts them, since a
 *   new version's errors are a new stream, not a drift of the old one.
 * - An alarm needs a rise: ADWIN also cuts when the error falls, which is no alert.
 * - Detectors agree when both alarmed within `agreementItems` of each other; the second one's
 *   alert then names both (and usually rates higher: severity.ts).
 */
export interface ErrorItem {
  feedbackId: string;
  modelVersion: string;
  receivedAt: Date;
  error: number;
}

export const DETECTOR_NAMES = { adwin: 'ADWIN', pageHinkley: 'PAGE_HINKLEY' } as const;

export interface DetectorState {
  modelVersion: string | null;
  /** Items seen on this version. */
  seen: number;
  adwin: AdwinState | null;
  pageHinkley: PageHinkleyState | null;
  /** The item index of each detector's last rise alarm on this version. */
  lastAlarm: { ADWIN: number | null; PAGE_HINKLEY: number | null };
}

export interface DetectionOptions {
  adwin?: Partial<AdwinOptions>;
  pageHinkley?: Partial<PageHinkleyOptions>;
  /** Two alarms this close count as both detectors seeing the same change. Default 200 items. */
  agreementItems?: number;
}

export interface PerformanceAlarm {
  alert: DriftAlert;
  severity: Severity;
}

export const freshDetectorState = (): DetectorState => ({ modelVersion: null, seen: 0, adwin: null, pageHinkley: null, lastAlarm: { ADWIN: null, PAGE_HINKLEY: null } });

/** Runs `items` through the detectors from `state`; returns the state after them and the alerts raised (severity above NONE). */
export function detectPerformance(
  modelId: string,
  state: DetectorState,
  items: readonly ErrorItem[],
  detectedAt: Date,
  options: DetectionOptions = {},
): { state: DetectorState; alerts: DriftAlert[] } {
  const agreement = options.agreementItems ?? 200;
  let version = state.modelVersion;
  let seen = state.seen;
  let adwin = new Adwin(options.adwin, state.adwin ?? undefined);
  let ph = new PageHinkley(options.pageHinkley, state.pageHinkley ?? undefined);
  const lastAlarm = { ...state.lastAlarm };
  const alerts: DriftAlert[] = [];

  for (const item of items) {
    if (item.modelVersion !== version) {
      version = item.modelVersion;
      seen = 0;
      adwin = new Adwin(options.adwin);
      ph = new PageHinkley(options.pageHinkley);
      lastAlarm.ADWIN = lastAlarm.PAGE_HINKLEY = null;
    }
    seen += 1;
    const cut = adwin.update(item.error);
    const phAlarm = ph.update(item.error);
    const now: { name: 'ADWIN' | 'PAGE_HINKLEY'; before: number; after: number }[] = [];
    if (cut && cut.meanAfter > cut.meanBefore) now.push({ name: 'ADWIN', before: cut.meanBefore, after: cut.meanAfter });
    if (phAlarm && phAlarm.meanAfter > phAlarm.meanBefore) now.push({ name: 'PAGE_HINKLEY', before: phAlarm.meanBefore, after: phAlarm.meanAfter });
    if (now.length === 0) continue;
    for (const alarm of now) lastAlarm[alarm.name] = seen;
    const detectors = (['ADWIN', 'PAGE_HINKLEY'] as const).filter((name) => lastAlarm[name] !== null && seen - lastAlarm[name]! <= agreement);
    const { before, after } = now[0]!;
    const { severity, reason } = performanceSeverity({ detectors, meanBefore: before, meanAfter: after });
    if (severity === 'NONE') continue;
    alerts.push({
      id: alertId([modelId, 'PERFORMANCE', item.feedbackId, ...now.map((a) => a.name)]),
      modelId,
      modelVersion: version,
      kind: 'PERFORMANCE',
      severity,
      reason: `${reason} (version ${version}, at feedback ${item.feedbackId}, item ${seen} of this version)`,
      detectors: [...detectors],
      detectedAt,
      meanErrorBefore: before,
      meanErrorAfter: after,
      driftedShare: null,
      features: null,
    });
  }
  return { state: { modelVersion: version, seen, adwin: adwin.snapshot(), pageHinkley: ph.snapshot(), lastAlarm }, alerts };
}

/** ADWIN's window in a state: its size and mean (for the detection's answer). */
export function windowOf(state: DetectorState): { size: number; mean: number | null } {
  if (!state.adwin || state.adwin.width === 0) return { size: 0, mean: null };
  return { size: state.adwin.width, mean: state.adwin.total / state.adwin.width };
}
