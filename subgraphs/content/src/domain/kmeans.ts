/**
 * k-means (Lloyd's iterations from k-means++ seeds) over points in Euclidean space, seeded so
 * the same points in the same order always give the same clusters. Plain TypeScript.
 */
import { Random } from '@telepulse/dataset';

export type Point = ArrayLike<number>;

export interface KMeansResult {
  /** The cluster of each point, 0..k-1. */
  assignments: number[];
  centroids: Float64Array[];
  /** Sum of squared distances of the points to their centroids: what k-means lowers. */
  inertia: number;
}

export interface KMeansOptions {
  /** The seed of the k-means++ draws: same seed, same points, same answer. */
  seed: string;
  /** Runs from different seeds; the one of least inertia is kept (k-means finds a local optimum). */
  restarts?: number;
  /** Lloyd's iterations per run at most; a run stops earlier when no point changes cluster. */
  maxIterations?: number;
}

/**
 * Splits `points` into `k` clusters. Needs 1 <= k <= the number of distinct points (k-means++
 * would otherwise seed two centroids on one point); throws RangeError otherwise. A cluster
 * left empty by an iteration is re-seeded on the point farthest from its centroid.
 */
export function kMeans(points: readonly Point[], k: number, { seed, restarts = 4, maxIterations = 100 }: KMeansOptions): KMeansResult {
  if (!Number.isInteger(k) || k < 1 || k > distinctCount(points)) {
    throw new RangeError(`k must be a whole number from 1 to the number of distinct points (${distinctCount(points)}), got ${k}`);
  }
  let best: KMeansResult | undefined;
  for (let run = 0; run < restarts; run++) {
    const result = lloyd(points, seeds(points, k, new Random(`${seed}/k${k}/run${run}`)), maxIterations);
    if (!best || result.inertia < best.inertia) best = result;
  }
  return best!;
}

export function squaredDistance(a: Point, b: Point): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  return sum;
}

/** Distinct counts of the point lists asked about: clustering asks once per k of one list, and the count costs more than a small run of k-means. */
const distinctCounts = new WeakMap<readonly Point[], number>();

/** How many different points there are (a list is counted once: points are not changed in place). */
export function distinctCount(points: readonly Point[]): number {
  let count = distinctCounts.get(points);
  if (count === undefined) {
    // A point's bytes as its key (+ 0 makes -0 the 0 it equals): exact, and far cheaper than printing the numbers.
    count = new Set(points.map((p) => Buffer.from(Float64Array.from(p, (x) => x + 0).buffer).toString('latin1'))).size;
    distinctCounts.set(points, count);
  }
  return count;
}

/** k-means++: the first centroid uniformly, each next one with probability proportional to its squared distance from the nearest chosen. */
function seeds(points: readonly Point[], k: number, random: Random): Float64Array[] {
  const chosen = [Float64Array.from(points[random.int(0, points.length - 1)]!)];
  const nearest = points.map((p) => squaredDistance(p, chosen[0]!));
  while (chosen.length < k) {
    const total = nearest.reduce((sum, d) => sum + d, 0);
    let draw = random.next() * total;
    // The last point with a distance above 0 catches rounding at the top of the draw.
    let pick = nearest.findLastIndex((d) => d > 0);
    for (let i = 0; i < nearest.length; i++) {
      draw -= nearest[i]!;
      if (draw < 0 && nearest[i]! > 0) {
        pick = i;
        break;
      }
    }
    const centre = Float64Array.from(points[pick]!);
    chosen.push(centre);
    points.forEach((p, i) => (nearest[i] = Math.min(nearest[i]!, squaredDistance(p, centre))));
  }
  return chosen;
}

function lloyd(points: readonly Point[], centroids: Float64Array[], maxIterations: number): KMeansResult {
  const dims = points[0]!.length;
  let assignments = points.map(() => -1);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const next = points.map((p) => nearestCentroid(p, centroids));
    const moved = next.some((c, i) => c !== assignments[i]);
    assignments = next;
    if (!moved) break;
    const sums = centroids.map(() => new Float64Array(dims));
    const sizes = centroids.map(() => 0);
    points.forEach((p, i) => {
      const c = assignments[i]!;
      sizes[c]! += 1;
      for (let d = 0; d < dims; d++) sums[c]![d]! += p[d]!;
    });
    for (let c = 0; c < centroids.length; c++) {
      if (sizes[c]! > 0) centroids[c] = sums[c]!.map((s) => s / sizes[c]!);
      else centroids[c] = Float64Array.from(points[farthestPoint(points, assignments, centroids)]!);
    }
  }
  const inertia = points.reduce((sum, p, i) => sum + squaredDistance(p, centroids[assignments[i]!]!), 0);
  return { assignments, centroids, inertia };
}

/** The nearest centroid's index; the lowest index wins a tie. Plain loops: this runs points × centroids × iterations × restarts × k times per analysis. */
function nearestCentroid(point: Point, centroids: readonly Float64Array[]): number {
  let best = 0;
  let bestDistance = Infinity;
  for (let c = 0; c < centroids.length; c++) {
    const d = squaredDistance(point, centroids[c]!);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function farthestPoint(points: readonly Point[], assignments: readonly number[], centroids: readonly Float64Array[]): number {
  let farthest = 0;
  let distance = -1;
  for (let i = 0; i < points.length; i++) {
    const d = squaredDistance(points[i]!, centroids[assignments[i]!]!);
    if (d > distance) {
      farthest = i;
      distance = d;
    }
  }
  return farthest;
}
