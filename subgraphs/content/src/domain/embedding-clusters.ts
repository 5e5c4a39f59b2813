/**
 * Groups texts that the content CNN reads alike: k-means over their embeddings, k chosen by
 * silhouette, seeded so the same texts in the same order always give the same groups. Plain
 * TypeScript.
 */
import { distinctCount, kMeans, squaredDistance, type Point } from './kmeans.js';
import { meanSilhouette } from './silhouette.js';

/** The most clusters one analysis reports: more groups than a reader can tell apart say little. */
export const MAX_CLUSTERS = 8;

/** The k-means++ seed of every analysis: a fixed one, so an answer never changes between asks. */
export const CLUSTER_SEED = 'content-clusters';

export interface ClusterMembers {
  /** The texts' positions, ascending. */
  members: number[];
  /** The member nearest the cluster's centre. */
  representative: number;
}

export interface EmbeddingClusters {
  /** Largest first (a tie: the one holding the earlier text first); one cluster when the texts show no groups. */
  clusters: ClusterMembers[];
  /** Each text's cluster: its index in `clusters`. */
  assignments: number[];
  /** The mean silhouette of the clusters kept (−1..1, see meanSilhouette); null with one cluster. */
  silhouette: number | null;
}

/**
 * Clusters texts by their embeddings. Each embedding is scaled to unit length first: a longer
 * text has more windows for the max-pool to pick from, so its embedding is larger without
 * being another kind of text (the length is among the hand-made features already); on unit
 * vectors Euclidean k-means ranks by cosine similarity. Every k from 2 to MAX_CLUSTERS (at most
 * the distinct embeddings, and fewer than the texts) is tried; the k of the highest mean
 * silhouette is kept, the smaller k on a tie. One cluster when no k is possible or the best
 * silhouette is not above 0 (no point is nearer its own cluster than another on average).
 */
export function clusterEmbeddings(embeddings: readonly Point[], { maxClusters = MAX_CLUSTERS, seed = CLUSTER_SEED }: { maxClusters?: number; seed?: string } = {}): EmbeddingClusters {
  const points = embeddings.map(unitLength);
  const n = points.length;
  const largestK = Math.min(maxClusters, distinctCount(points), n - 1);
  const distances = new Float64Array(n * n);
  if (largestK >= 2) {
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) distances[i * n + j] = distances[j * n + i] = Math.sqrt(squaredDistance(points[i]!, points[j]!));
    }
  }
  let best: { assignments: number[]; centroids: Float64Array[]; silhouette: number } | undefined;
  for (let k = 2; k <= largestK; k++) {
    const { assignments, centroids } = kMeans(points, k, { seed });
    const silhouette = meanSilhouette((i, j) => distances[i * n + j]!, assignments);
    if (!best || silhouette > best.silhouette) best = { assignments, centroids, silhouette };
  }
  if (!best || !(best.silhouette > 0)) {
    return { clusters: n === 0 ? [] : [{ members: points.map((_, i) => i), representative: nearestTo(points, points.map((_, i) => i), mean(points)) }], assignments: points.map(() => 0), silhouette: null };
  }
  return ordered(points, best.assignments, best.centroids, best.silhouette);
}

/** Renumbers the clusters largest first (a tie: by their first member) and finds each one's representative. */
function ordered(points: readonly Float64Array[], assignments: readonly number[], centroids: readonly Float64Array[], silhouette: number): EmbeddingClusters {
  const groups = centroids.map((centroid, c) => ({ centroid, members: assignments.flatMap((a, i) => (a === c ? [i] : [])) })).filter((g) => g.members.length > 0);
  groups.sort((a, b) => b.members.length - a.members.length || a.members[0]! - b.members[0]!);
  const renumbered = new Array<number>(assignments.length);
  groups.forEach((g, c) => g.members.forEach((i) => (renumbered[i] = c)));
  return {
    clusters: groups.map((g) => ({ members: g.members, representative: nearestTo(points, g.members, g.centroid) })),
    assignments: renumbered,
    silhouette,
  };
}

/** The member nearest `centre`; the earlier one on a tie. */
function nearestTo(points: readonly Float64Array[], members: readonly number[], centre: Point): number {
  let best = members[0]!;
  let distance = Infinity;
  for (const i of members) {
    const d = squaredDistance(points[i]!, centre);
    if (d < distance) [best, distance] = [i, d];
  }
  return best;
}

function unitLength(vector: Point): Float64Array {
  const norm = Math.sqrt(Array.from(vector).reduce((sum, v) => sum + v * v, 0));
  return Float64Array.from(vector, (v) => (norm > 0 ? v / norm : 0));
}

function mean(points: readonly Float64Array[]): Float64Array {
  const centre = new Float64Array(points[0]?.length ?? 0);
  for (const p of points) p.forEach((v, d) => (centre[d]! += v / points.length));
  return centre;
}
