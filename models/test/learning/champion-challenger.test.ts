import { describe, expect, it } from 'vitest';
import { Random } from '@telepulse/dataset';
import { InvalidInputError } from '@telepulse/platform';
import { compareChampionChallenger } from '../../src/learning/champion-challenger.js';

/** Champion errors on 200 items, and a challenger's: the champion's times `factor` plus paired noise. */
function pairedErrors(factor: number, seed = 1): { champion: number[]; challenger: number[] } {
  const random = new Random(seed);
  const champion = Array.from({ length: 200 }, () => random.uniform(0, 0.04));
  const challenger = champion.map((e) => Math.max(0, e * factor + random.normal(0, 0.002)));
  return { champion, challenger };
}

describe('compareChampionChallenger', () => {
  it('activates a clearly better challenger: the whole interval below 0, the numbers in the reason', () => {
    const { champion, challenger } = pairedErrors(0.8);
    const result = compareChampionChallenger(champion, challenger, { seed: 3 });
    expect(result.decision).toBe('ACTIVATED');
    expect(result.heldOutItems).toBe(200);
    expect(result.difference).toBeCloseTo(result.challengerError - result.championError, 12);
    expect(result.low).toBeLessThan(result.difference);
    expect(result.high).toBeGreaterThan(result.difference);
    expect(result.high).toBeLessThan(0);
    expect(result.reason).toContain('better beyond noise');
    expect(result.reason).toContain(`on 200 held-out items`);
    expect(result.reason).toContain(String(Number(result.high.toPrecision(4))));
  });

  it('keeps an equal challenger as a candidate: the interval reaches 0', () => {
    const { champion, challenger } = pairedErrors(1);
    const result = compareChampionChallenger(champion, challenger, { seed: 3 });
    expect(result.decision).toBe('KEPT_AS_CANDIDATE');
    expect(result.low).toBeLessThan(0);
    expect(result.high).toBeGreaterThan(0);
    expect(result.reason).toContain('no difference beyond noise');
  });

  it('keeps a worse challenger as a candidate, saying it is worse', () => {
    const { champion, challenger } = pairedErrors(1.3);
    const result = compareChampionChallenger(champion, challenger, { seed: 3 });
    expect(result.decision).toBe('KEPT_AS_CANDIDATE');
    expect(result.low).toBeGreaterThan(0);
    expect(result.reason).toContain('the challenger is worse');
  });

  it('widens the interval for a higher confidence and is deterministic for a seed', () => {
    const { champion, challenger } = pairedErrors(0.9);
    const at95 = compareChampionChallenger(champion, challenger, { seed: 3 });
    const at99 = compareChampionChallenger(champion, challenger, { seed: 3, alpha: 0.01 });
    expect(at99.high - at99.low).toBeGreaterThan(at95.high - at95.low);
    expect(compareChampionChallenger(champion, challenger, { seed: 3 })).toEqual(at95);
  });

  it('rejects errors that do not pair, naming the field', () => {
    const call = () => compareChampionChallenger([0.1, 0.2], [0.1], { seed: 1 });
    expect(call).toThrow(InvalidInputError);
    expect(call).toThrow(/challengerErrors: must pair with the 2 champion errors/);
    expect(() => compareChampionChallenger([], [], { seed: 1 })).toThrow(/championErrors: must hold at least one/);
    expect(() => compareChampionChallenger([0.1], [Number.NaN], { seed: 1 })).toThrow(/challengerErrors\[0\]/);
  });
});
