/**
 * `pnpm drift:compare [--streams N] [--seed S]`: compares our ADWIN with river's (Python, PyPI
 * `river`) on the same seeded streams the calibration uses. Exports the streams and our alarms to
 * `.tmp/drift-compare/streams.json`, makes a virtualenv with river pinned (under
 * $XDG_CACHE_HOME/telepulse, else ~/.cache/telepulse) when there is none, and runs
 * tools/drift/compare_river.py, which prints both detectors' false alarms and delays side by side.
 * Needs python3 and, the first time, network access to PyPI: not part of CI (offline).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '@telepulse/platform/repo-layout';
import { ADWIN_DEFAULTS, ADWIN_TEXTBOOK_DELTA } from '@telepulse/drift/domain/adwin';
import { adwinUnderTest, alarmsOn } from '@telepulse/drift/calibration/calibration';
import { FAMILIES, generateStream, specOf } from '@telepulse/drift/calibration/streams';

const RIVER_VERSION = '0.26.1';

const { values } = parseArgs({ options: { streams: { type: 'string', default: '200' }, seed: { type: 'string', default: '1' } } });
const streams = Number(values.streams);
const seed = Number(values.seed);
if (!Number.isInteger(streams) || streams < 1) throw new Error(`--streams must be a positive integer, got ${values.streams}`);
if (!Number.isInteger(seed) || seed < 1) throw new Error(`--seed must be a positive integer, got ${values.seed}`);

const deltas = [ADWIN_TEXTBOOK_DELTA, ADWIN_DEFAULTS.delta];
const settings = deltas.map((delta) => ({ ...ADWIN_DEFAULTS, delta }));
const cases = FAMILIES.flatMap((family) =>
  (['stationary', 'abrupt', 'gradual'] as const).map((kind) => {
    const spec = specOf(family, kind);
    const generated = Array.from({ length: streams }, (_, i) => generateStream(spec, seed, i));
    const ours = Object.fromEntries(deltas.map((delta) => [String(delta), generated.map((s) => alarmsOn(adwinUnderTest({ delta }), s))]));
    return { family: family.name, kind, changeAt: spec.changeAt, streams: generated, ours };
  }),
);
const dir = join(repoRoot, '.tmp', 'drift-compare');
mkdirSync(dir, { recursive: true });
const file = join(dir, 'streams.json');
writeFileSync(file, JSON.stringify({ note: `${streams} streams per case, seed ${seed}`, settings, cases }));

const cache = process.env.XDG_CACHE_HOME ? join(process.env.XDG_CACHE_HOME, 'telepulse') : join(homedir(), '.cache', 'telepulse');
const venv = join(cache, `river-${RIVER_VERSION}-venv`);
const python = join(venv, 'bin', 'python');
if (!existsSync(python)) {
  console.error(`making ${venv} with river==${RIVER_VERSION} (needs PyPI)…`);
  execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
  execFileSync(python, ['-m', 'pip', 'install', '--quiet', `river==${RIVER_VERSION}`], { stdio: 'inherit' });
}
execFileSync(python, [join(repoRoot, 'tools', 'drift', 'compare_river.py'), file], { stdio: 'inherit' });
