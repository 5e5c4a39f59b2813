/**
 * `pnpm drift:calibrate [--stationary N] [--shifted N] [--seed S]`: runs ADWIN and Page-Hinkley,
 * at their textbook settings and at the calibrated defaults, over seeded synthetic error streams
 * and prints the table the README's "Drift detection" section records: the share of stationary
 * 1,000-point streams that raised any alarm, and on streams shifted at item 1,000 (abruptly, or
 * along a 300-item ramp) the share detected after the change and the mean delay in items.
 */
import { parseArgs } from 'node:util';
import { ADWIN_DEFAULTS, ADWIN_TEXTBOOK_DELTA } from '@telepulse/drift/domain/adwin';
import { PAGE_HINKLEY_DEFAULTS, PAGE_HINKLEY_TEXTBOOK } from '@telepulse/drift/domain/page-hinkley';
import { adwinUnderTest, pageHinkleyUnderTest, runCase, type DetectorUnderTest } from '@telepulse/drift/calibration/calibration';
import { calibrationTable } from '@telepulse/drift/calibration/report';
import { FAMILIES } from '@telepulse/drift/calibration/streams';

const { values } = parseArgs({
  options: { stationary: { type: 'string', default: '1000' }, shifted: { type: 'string', default: '200' }, seed: { type: 'string', default: '1' } },
});
const stationary = Number(values.stationary);
const shifted = Number(values.shifted);
const seed = Number(values.seed);
for (const [name, n] of Object.entries({ stationary, shifted, seed })) {
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${JSON.stringify(values[name as keyof typeof values])}`);
}

const settings: { setting: string; detector: DetectorUnderTest }[] = [
  { setting: `δ = ${ADWIN_TEXTBOOK_DELTA} (textbook)`, detector: adwinUnderTest({ delta: ADWIN_TEXTBOOK_DELTA }) },
  { setting: `δ = ${ADWIN_DEFAULTS.delta} (calibrated default)`, detector: adwinUnderTest() },
  { setting: `δ = ${PAGE_HINKLEY_TEXTBOOK.delta}, λ = ${PAGE_HINKLEY_TEXTBOOK.lambda} (textbook)`, detector: pageHinkleyUnderTest(PAGE_HINKLEY_TEXTBOOK) },
  { setting: `δ = ${PAGE_HINKLEY_DEFAULTS.delta}, λ = ${PAGE_HINKLEY_DEFAULTS.lambda} (calibrated default)`, detector: pageHinkleyUnderTest() },
];

const started = performance.now();
const results = settings.flatMap(({ setting, detector }) =>
  FAMILIES.flatMap((family) => [
    { ...runCase(detector, family, 'stationary', stationary, seed), setting },
    { ...runCase(detector, family, 'abrupt', shifted, seed), setting },
    { ...runCase(detector, family, 'gradual', shifted, seed), setting },
  ]),
);
console.log(calibrationTable(results));
console.log(`\n${stationary} stationary and ${shifted} shifted streams per case, seed ${seed}, ${((performance.now() - started) / 1000).toFixed(1)} s.`);
