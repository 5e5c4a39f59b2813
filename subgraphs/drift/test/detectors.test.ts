import { describe, expect, it } from 'vitest';
import { Adwin } from '../src/domain/adwin.js';
import { PageHinkley } from '../src/domain/page-hinkley.js';
import { SeededRandom } from '../src/calibration/random.js';

const normals = (n: number, seed: number, mean = 0) => {
  const r = new SeededRandom(seed);
  return Array.from({ length: n }, () => r.normal() + mean);
};

describe('ADWIN', () => {
  it('resumed from a snapshot, gives the same alarms as the detector that never stopped', () => {
    const stream = [...normals(700, 1), ...normals(700, 2, 1.5)];
    const whole = new Adwin();
    const alarmsWhole = stream.flatMap((x, t) => (whole.update(x) ? [t] : []));
    let part = new Adwin();
    const alarmsParts: number[] = [];
    stream.forEach((x, t) => {
      // Persist and restore every 97 items, as the service does between detections.
      if (t % 97 === 0) part = new Adwin({}, JSON.parse(JSON.stringify(part.snapshot())));
      if (part.update(x)) alarmsParts.push(t);
    });
    expect(alarmsWhole.length).toBeGreaterThan(0);
    expect(alarmsParts).toEqual(alarmsWhole);
  });

  it('reports the means on both sides of the cut: the older part lower for a rise', () => {
    const adwin = new Adwin();
    const cut = [...normals(500, 3, 1), ...normals(500, 4, 3)].map((x) => adwin.update(x)).find((c) => c !== null);
    expect(cut).toBeDefined();
    // The kept part still holds the items from before the change the cut was found late for.
    expect(cut!.meanBefore).toBeCloseTo(1, 0);
    expect(cut!.meanAfter).toBeGreaterThan(cut!.meanBefore + 0.2);
  });

  it('keeps its window and variance exact while compressing buckets', () => {
    const adwin = new Adwin({ resetOnChange: false });
    const values = normals(300, 5, 2);
    values.forEach((x) => adwin.update(x));
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(adwin.width).toBe(300);
    expect(adwin.mean).toBeCloseTo(mean, 10);
    expect(adwin.variance).toBeCloseTo(values.reduce((a, x) => a + (x - mean) ** 2, 0) / values.length, 8);
    // O(M log W) buckets, not one per item.
    expect(adwin.snapshot().rows.flat().length).toBeLessThan(40);
  });

  it('rejects a non-finite value and an out-of-range δ, naming them', () => {
    expect(() => new Adwin().update(Number.NaN)).toThrow(/finite/);
    expect(() => new Adwin({ delta: 0 })).toThrow(/delta/);
  });
});

describe('Page-Hinkley', () => {
  it('alarms on a rise and not on a fall of the same size (increase-only)', () => {
    const rise = new PageHinkley();
    const fall = new PageHinkley();
    const base = normals(500, 6, 5);
    const up = normals(500, 7, 6);
    const down = normals(500, 7, 4);
    const alarmsUp = [...base, ...up].flatMap((x, t) => (rise.update(x) ? [t] : []));
    const alarmsDown = [...base, ...down].flatMap((x, t) => (fall.update(x) ? [t] : []));
    expect(alarmsUp.find((t) => t >= 500)).toBeDefined();
    expect(alarmsDown.filter((t) => t >= 500)).toEqual([]);
  });

  it('is scale-free: the same stream times 1,000 alarms at the same items', () => {
    const stream = [...normals(400, 8, 0.02), ...normals(400, 9, 0.05)].map((x) => Math.abs(x) * 0.01);
    const a = new PageHinkley();
    const b = new PageHinkley();
    expect(stream.flatMap((x, t) => (a.update(x) ? [t] : []))).toEqual(stream.flatMap((x, t) => (b.update(x * 1000) ? [t] : [])));
  });

  it('says where the rise began: mean before below mean after', () => {
    const ph = new PageHinkley();
    const alarm = [...normals(300, 10, 1), ...normals(300, 11, 2)].map((x) => ph.update(x)).find((a) => a !== null);
    expect(alarm!.meanBefore).toBeLessThan(alarm!.meanAfter);
    expect(alarm!.meanAfter).toBeGreaterThan(1.5);
  });
});
