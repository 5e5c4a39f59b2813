import type { CaseResult } from './calibration.js';
import { FAMILIES } from './streams.js';

/**
 * The calibration results as the README's table: one row per detector setting and stream
 * family, false alarms on stationary streams, then detection and mean delay on abrupt and
 * gradual shifts.
 */
export function calibrationTable(results: readonly (CaseResult & { setting: string })[]): string {
  const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)} %`;
  const delay = (r: CaseResult | undefined) => (r ? `${r.meanDelay === null ? '–' : r.meanDelay.toFixed(0)} (${pct(r.detected, r.streams)})` : '–');
  const lines = [
    '| detector | setting | stream | false alarms, stationary 1,000 points | abrupt: mean delay (detected) | gradual, 300-item ramp: mean delay (detected) |',
    '|---|---|---|---:|---:|---:|',
  ];
  const settings = [...new Set(results.map((r) => `${r.detector}\u0000${r.setting}`))];
  for (const key of settings) {
    const [detector, setting] = key.split('\u0000') as [string, string];
    for (const family of FAMILIES) {
      const of = (kind: string) => results.find((r) => r.detector === detector && r.setting === setting && r.family === family.name && r.kind === kind);
      const stationary = of('stationary');
      lines.push(
        `| ${detector} | ${setting} | ${family.name}: ${family.description} | ${stationary ? `${pct(stationary.falseAlarmStreams, stationary.streams)} (${stationary.falseAlarmStreams}/${stationary.streams})` : '–'} | ${delay(of('abrupt'))} | ${delay(of('gradual'))} |`,
      );
    }
  }
  return lines.join('\n');
}
