import { describe, expect, it } from 'vitest';
import { adwinUnderTest, alarmsOn, pageHinkleyUnderTest, runCase } from '../src/calibration/calibration.js';
import { FAMILIES, generateStream, specOf } from '../src/calibration/streams.js';

// Seeded streams: the same numbers on every run, so these are deterministic, not flaky.
const SEED = 20_261_201;
const STREAMS = 300;
const detectors = [adwinUnderTest(), pageHinkleyUnderTest()];

describe.each(detectors)('$name with its calibrated defaults', (detector) => {
  it.each(FAMILIES)('raises an alarm on at most 1 %% of $name stationary 1,000-point streams', (family) => {
    const result = runCase(detector, family, 'stationary', STREAMS, SEED);
    expect(result.streams).toBe(STREAMS);
    expect(result.falseAlarmStreams / STREAMS).toBeLessThanOrEqual(0.01);
  });

  it.each(FAMILIES)('detects an abrupt and a gradual $name shift in nearly every stream, after the change', (family) => {
    const abrupt = runCase(detector, family, 'abrupt', 100, SEED);
    const gradual = runCase(detector, family, 'gradual', 100, SEED);
    expect(abrupt.detected).toBeGreaterThanOrEqual(98);
    expect(gradual.detected).toBeGreaterThanOrEqual(98);
    // A gradual change (a 300-item ramp) is seen later than an abrupt one of the same size.
    expect(gradual.meanDelay!).toBeGreaterThan(abrupt.meanDelay!);
    expect(abrupt.meanDelay!).toBeLessThan(200);
  });
});

describe('the calibration streams', () => {
  it('are reproducible from their seed and differ between indices', () => {
    const spec = specOf(FAMILIES[0]!, 'abrupt');
    expect(generateStream(spec, SEED, 3)).toEqual(generateStream(spec, SEED, 3));
    expect(generateStream(spec, SEED, 3)).not.toEqual(generateStream(spec, SEED, 4));
  });

  it('shift where they say: the mean after the change point is the shifted one', () => {
    const spec = specOf(FAMILIES[0]!, 'abrupt');
    const stream = generateStream(spec, SEED, 0);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(stream.slice(0, spec.changeAt))).toBeCloseTo(0, 0);
    expect(mean(stream.slice(spec.changeAt))).toBeCloseTo(1, 0);
  });

  it('a constant stream never alarms either detector', () => {
    for (const d of detectors) expect(alarmsOn(d, new Array(3000).fill(0.25))).toEqual([]);
  });
});
