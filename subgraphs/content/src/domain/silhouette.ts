/** The silhouette of a clustering: how much closer each point lies to its own cluster than to the next nearest. Plain TypeScript. */

/**
 * The mean silhouette of `assignments` over the points whose pairwise distances `distance(i, j)`
 * gives: per point (b − a) / max(a, b), where a is its mean distance to the others of its
 * cluster and b the least mean distance to another cluster's points; 0 for a point alone in
 * its cluster (Rousseeuw's convention). In −1..1: near 1, tight and well apart; near 0 or
 * below, no structure. Needs two clusters at least; NaN otherwise.
 */
export function meanSilhouette(distance: (i: number, j: number) => number, assignments: readonly number[]): number {
  const k = Math.max(...assignments) + 1;
  if (k < 2) return Number.NaN;
  const sizes = new Array<number>(k).fill(0);
  for (const c of assignments) sizes[c]! += 1;
  let total = 0;
  for (let i = 0; i < assignments.length; i++) {
    const own = assignments[i]!;
    if (sizes[own]! < 2) continue;
    const sums = new Array<number>(k).fill(0);
    for (let j = 0; j < assignments.length; j++) if (j !== i) sums[assignments[j]!]! += distance(i, j);
    const a = sums[own]! / (sizes[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && sizes[c]! > 0) b = Math.min(b, sums[c]! / sizes[c]!);
    const spread = Math.max(a, b);
    total += spread > 0 ? (b - a) / spread : 0;
  }
  return total / assignments.length;
}
