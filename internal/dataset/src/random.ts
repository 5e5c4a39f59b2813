/**
 * A small seeded PRNG: sfc32 (Chris Doty-Humphrey's Small Fast Chaotic generator, 128-bit
 * state, passes PractRand to terabytes) seeded through splitmix32 from a hash of the seed.
 * Every draw in the simulator and the trainer comes from here so a seed reproduces a run
 * byte for byte; `Math.random()` is never used.
 *
 * Streams are named, not positional: `fork(label)` derives a child from the parent's seed
 * and the label only, never from how many numbers the parent has drawn, so adding a draw in
 * one place leaves every other stream unchanged.
 */

const TWO_POW_32 = 4294967296;

export type Seed = number | string;

export class Random {
  /** The seed and fork labels this stream was derived from, e.g. `42/channel-3/posts`. */
  readonly key: string;
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: Seed) {
    if (typeof seed === 'number' && !Number.isFinite(seed)) {
      throw new RangeError(`Random seed must be a finite number or a string, got ${seed}`);
    }
    this.key = String(seed);
    const next = splitmix32(hashString(this.key));
    this.#a = next();
    this.#b = next();
    this.#c = next();
    this.#d = next();
    // sfc32's authors discard the first outputs so the state mixes fully.
    for (let i = 0; i < 12; i++) this.#nextUint32();
  }

  /** An independent stream derived from this stream's seed and `label` (not from its position). */
  fork(label: string): Random {
    return new Random(`${this.key}/${label}`);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.#nextUint32() / TWO_POW_32;
  }

  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Uniform integer in [lo, hi], both ends included. */
  int(lo: number, hi: number): number {
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || hi < lo) {
      throw new RangeError(`int(lo, hi) needs integers with lo <= hi, got lo=${lo}, hi=${hi}`);
    }
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** Normal draw (Box-Muller; one of the pair is dropped so each call consumes exactly two uniforms). */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next(); // (0, 1]: log(0) is impossible
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** exp(normal(mu, sigma)): median e^mu, mean e^(mu + sigma²/2). */
  logNormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  /**
   * Poisson draw. Exact (Knuth's product of uniforms) below lambda 30; above, a rounded
   * normal(lambda, sqrt(lambda)) clamped at 0, whose error is negligible at that size.
   */
  poisson(lambda: number): number {
    if (!(lambda >= 0) || !Number.isFinite(lambda)) {
      throw new RangeError(`poisson(lambda) needs a finite lambda >= 0, got ${lambda}`);
    }
    if (lambda === 0) return 0;
    if (lambda < 30) {
      const limit = Math.exp(-lambda);
      let k = 0;
      let product = this.next();
      while (product > limit) {
        k += 1;
        product *= this.next();
      }
      return k;
    }
    return Math.max(0, Math.round(this.normal(lambda, Math.sqrt(lambda))));
  }

  /** true with probability p. */
  bernoulli(p: number): boolean {
    return this.next() < p;
  }

  /** A uniformly chosen element; throws on an empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick() needs a non-empty array, got []');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Shuffles `items` in place (Fisher-Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i]!;
      items[i] = items[j]!;
      items[j] = tmp;
    }
    return items;
  }

  #nextUint32(): number {
    const a = this.#a;
    const b = this.#b;
    const c = this.#c;
    const d = (this.#d + 1) | 0;
    const t = (((a + b) | 0) + d) | 0;
    this.#d = d;
    this.#a = b ^ (b >>> 9);
    this.#b = (c + (c << 3)) | 0;
    const rotated = (c << 21) | (c >>> 11);
    this.#c = (rotated + t) | 0;
    return t >>> 0;
  }
}

/** splitmix32: expands one 32-bit value into a well-mixed sequence (used only for seeding). */
function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
}

/** FNV-1a over UTF-16 code units with a murmur3 finaliser: a string to 32 well-mixed bits. */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
