import { describe, expect, it } from 'vitest';
import { Random } from '@telepulse/dataset';
import { clusterEmbeddings, MAX_CLUSTERS } from '../src/domain/embedding-clusters.js';
import { kMeans } from '../src/domain/kmeans.js';
import { meanSilhouette } from '../src/domain/silhouette.js';

/** `sizes[c]` points around each of `sizes.length` random directions in 16 dimensions, shuffled; returns them with their true group. */
function blobs(sizes: readonly number[], spread: number, seed: string) {
  const random = new Random(seed);
  const centres = sizes.map(() => Array.from({ length: 16 }, () => random.normal()));
  const points = sizes.flatMap((size, c) => Array.from({ length: size }, () => ({ group: c, vector: Float32Array.from(centres[c]!, (v) => v + random.normal(0, spread)) })));
  random.shuffle(points);
  return { embeddings: points.map((p) => p.vector), groups: points.map((p) => p.group) };
}

/** The partition as sets of positions, independent of the numbering. */
const partition = (assignments: readonly number[]) => {
  const byCluster = new Map<number, number[]>();
  assignments.forEach((c, i) => byCluster.set(c, [...(byCluster.get(c) ?? []), i]));
  return [...byCluster.values()].map((m) => m.join(',')).sort();
};

describe('clustering content embeddings', () => {
  it('finds well-separated groups exactly, largest first, with a high silhouette', () => {
    const { embeddings, groups } = blobs([12, 7, 4], 0.05, 'three');
    const result = clusterEmbeddings(embeddings);
    expect(result.clusters.map((c) => c.members.length)).toEqual([12, 7, 4]);
    expect(partition(result.assignments)).toEqual(partition(groups));
    expect(result.silhouette).toBeGreaterThan(0.8);
    result.clusters.forEach((cluster, c) => {
      expect(cluster.members.every((i) => result.assignments[i] === c)).toBe(true);
      expect(cluster.members).toContain(cluster.representative);
    });
  });

  it('gives the same clusters for the same texts every time', () => {
    const { embeddings } = blobs([9, 9, 9, 9], 0.6, 'overlapping');
    expect(clusterEmbeddings(embeddings)).toEqual(clusterEmbeddings(embeddings.map((e) => Float32Array.from(e))));
  });

  it('groups by direction, not size: a text read as the same kind at a larger scale joins its group', () => {
    const { embeddings, groups } = blobs([6, 6], 0.05, 'scaled');
    const scaled = embeddings.map((e, i) => (i % 3 === 0 ? e.map((v) => v * 7) : e));
    expect(partition(clusterEmbeddings(scaled).assignments)).toEqual(partition(groups));
  });

  it('picks the representative nearest the centre', () => {
    // Three points on a line in one cluster of two dimensions, far from a second cluster: the middle one is nearest the mean.
    const embeddings = [
      [1, 0.2],
      [1, 0],
      [1, -0.2],
      [-1, 0.01],
      [-1, -0.01],
    ];
    const { clusters } = clusterEmbeddings(embeddings);
    expect(clusters.map((c) => c.members)).toEqual([
      [0, 1, 2],
      [3, 4],
    ]);
    expect(clusters[0]!.representative).toBe(1);
  });

  it('keeps one cluster when there is nothing to split: one text, two texts, the same text many times', () => {
    for (const embeddings of [[[1, 2, 3]], [[1, 0], [0, 1]], Array.from({ length: 5 }, () => [0.5, 0.5, 0])]) {
      const result = clusterEmbeddings(embeddings);
      expect(result.silhouette).toBeNull();
      expect(result.clusters).toHaveLength(1);
      expect(result.clusters[0]!.members).toEqual(embeddings.map((_, i) => i));
      expect(result.assignments).toEqual(embeddings.map(() => 0));
    }
    expect(clusterEmbeddings([])).toEqual({ clusters: [], assignments: [], silhouette: null });
  });

  it(`never reports more than ${MAX_CLUSTERS} clusters, nor more than the distinct embeddings`, () => {
    const { embeddings } = blobs(new Array(12).fill(3), 0.01, 'many');
    expect(clusterEmbeddings(embeddings).clusters.length).toBeLessThanOrEqual(MAX_CLUSTERS);
    const twoKinds = [...Array.from({ length: 4 }, () => [1, 0]), ...Array.from({ length: 4 }, () => [0, 1])];
    expect(clusterEmbeddings(twoKinds).clusters.map((c) => c.members)).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
    ]);
  });
});

describe('k-means', () => {
  it('refuses more clusters than distinct points', () => {
    expect(() => kMeans([[0], [0], [1]], 3, { seed: 's' })).toThrow(RangeError);
    expect(partition(kMeans([[0], [0], [1]], 2, { seed: 's' }).assignments)).toEqual(['0,1', '2']);
  });

  it('lowers the inertia to the optimum of separable points, whatever the seed', () => {
    const points = [[0], [0.1], [0.2], [10], [10.1], [10.2]];
    for (const seed of ['a', 'b', 'c']) expect(kMeans(points, 2, { seed }).inertia).toBeCloseTo(0.04, 10);
  });
});

describe('the silhouette', () => {
  it('is the mean of (b − a) / max(a, b), with 0 for a point alone in its cluster', () => {
    // Points 0, 1 | 4 on a line: a(0) = 1, b(0) = 4 → 0.75; a(1) = 1, b(1) = 3 → 2/3; point 2 alone → 0.
    const x = [0, 1, 4];
    expect(meanSilhouette((i, j) => Math.abs(x[i]! - x[j]!), [0, 0, 1])).toBeCloseTo((0.75 + 2 / 3 + 0) / 3, 12);
  });

  it('is NaN with a single cluster', () => {
    expect(meanSilhouette(() => 1, [0, 0])).toBeNaN();
  });
});
