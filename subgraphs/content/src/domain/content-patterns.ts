/**
 * What a set of texts share and how they differ: their hand-made features, their clusters in
 * the content CNN's embedding space, and which features go with more predicted engagement and
 * a higher viral score. The use case behind analyzeContentPatterns and Channel.contentAnalysis.
 */
import { createHash } from 'node:crypto';
import { mean } from '@telepulse/models/evaluation/metrics';
import type { ContentReading, ModelIdentity, ViralCall } from './content-models.js';
import { clusterEmbeddings } from './embedding-clusters.js';
import { featureAssociations, type FeatureAssociation } from './feature-associations.js';
import { featureSpreads, type FeatureRow, type FeatureSpread } from './feature-spread.js';
import { assertPatternTexts, type PatternLimits } from './pattern-input.js';

/** The most distinctive features reported per cluster. */
export const DISTINCTIVE_FEATURES = 3;

/** A feature is distinctive of a cluster from this many standard deviations away from all texts' mean: a medium effect, in Cohen's terms. */
export const DISTINCTIVE_DIFFERENCE = 0.5;

export interface PatternDeps {
  reader: ModelIdentity;
  judge: ModelIdentity;
  /** The CNN's reading of each text, in order (one batched model run for all). */
  read: (texts: readonly string[]) => Promise<ContentReading[]>;
  /** The viral model's call on each text, in order (one batched model run for all). */
  score: (texts: readonly string[]) => Promise<ViralCall[]>;
  /** The hand-made features of a text, by name. */
  features: (text: string) => FeatureRow;
  /** Their names, in the order answers list them. */
  featureNames: readonly string[];
  /** Analyses made before, by what they were made of (see contentPatterns); none: every analysis is computed. */
  analyses?: AnalysisCache;
}

/** Where finished analyses are kept: the one under `key`, or `compute`'s (kept under it) when there is none. */
export interface AnalysisCache {
  get(key: string, compute: () => Promise<ContentPatterns>): Promise<ContentPatterns>;
}

/** One text to analyse: its text, and the post it is when it is one. */
export interface PatternText {
  text: string;
  postId: string | null;
}

export interface ClusterFeature {
  feature: string;
  clusterMean: number;
  overallMean: number;
  standardizedDifference: number;
}

export interface ClusterSummary {
  index: number;
  size: number;
  members: number[];
  representative: number;
  meanRelativeEngagement: number;
  meanViralScore: number;
  distinctive: ClusterFeature[];
}

export interface AnalyzedText {
  index: number;
  postId: string | null;
  cluster: number;
  relativeEngagement: number;
  viralScore: number;
}

export interface ContentPatterns {
  count: number;
  features: FeatureSpread[];
  clusters: ClusterSummary[];
  clusterSilhouette: number | null;
  associations: FeatureAssociation[];
  texts: AnalyzedText[];
  meanRelativeEngagement: number;
  meanViralScore: number;
  engagementModel: ModelIdentity;
  viralModel: ModelIdentity;
}

/** analyzeContentPatterns: BAD_USER_INPUT for texts breaking the contract (pattern-input.ts) before any model runs; then their patterns. */
export async function analyzeContentPatterns(deps: PatternDeps, texts: readonly string[], limits: PatternLimits): Promise<ContentPatterns> {
  assertPatternTexts(texts, limits);
  return contentPatterns(
    deps,
    texts.map((text) => ({ text, postId: null })),
  );
}

/**
 * The patterns of texts already checked (at least one): both models run once over all of them,
 * side by side. An analysis is a function of the texts, their post ids, both models' versions
 * and the features (seeded clustering): one asked before is answered from `deps.analyses`, since
 * a dashboard asks about the same channels' recent posts again and again and the clustering
 * is most of what an analysis costs once the models' estimates are cached.
 */
export function contentPatterns(deps: PatternDeps, items: readonly PatternText[]): Promise<ContentPatterns> {
  if (!deps.analyses) return computePatterns(deps, items);
  // Hashed: an analyzeContentPatterns may carry MAX_PATTERN_CHARS of text, which would otherwise stay in memory as the key.
  const key = createHash('sha256')
    .update(JSON.stringify([deps.reader.name, deps.reader.version, deps.judge.name, deps.judge.version, deps.featureNames, items.map((item) => [item.postId, item.text])]))
    .digest('base64');
  return deps.analyses.get(key, () => computePatterns(deps, items));
}

async function computePatterns(deps: PatternDeps, items: readonly PatternText[]): Promise<ContentPatterns> {
  const texts = items.map((item) => item.text);
  const [readings, calls] = await Promise.all([deps.read(texts), deps.score(texts)]);
  const rows = texts.map(deps.features);
  const relativeEngagement = readings.map((r) => r.relativeEngagement);
  const viralScore = calls.map((c) => c.score);
  const { clusters, assignments, silhouette } = clusterEmbeddings(readings.map((r) => r.embedding));
  const overall = new Map(deps.featureNames.map((feature) => [feature, spreadOf(rows.map((row) => row[feature]!))]));
  return {
    count: items.length,
    features: featureSpreads(deps.featureNames, rows),
    clusters: clusters.map(({ members, representative }, index) => ({
      index,
      size: members.length,
      members,
      representative,
      meanRelativeEngagement: mean(members.map((i) => relativeEngagement[i]!)),
      meanViralScore: mean(members.map((i) => viralScore[i]!)),
      distinctive: distinctiveFeatures(
        deps.featureNames,
        members.map((i) => rows[i]!),
        overall,
      ),
    })),
    clusterSilhouette: silhouette,
    associations: featureAssociations(deps.featureNames, rows, { relativeEngagement, viralScore }),
    texts: items.map((item, index) => ({ index, postId: item.postId, cluster: assignments[index]!, relativeEngagement: relativeEngagement[index]!, viralScore: viralScore[index]! })),
    meanRelativeEngagement: mean(relativeEngagement),
    meanViralScore: mean(viralScore),
    engagementModel: { name: deps.reader.name, version: deps.reader.version },
    viralModel: { name: deps.judge.name, version: deps.judge.version },
  };
}

/** The features whose mean in the cluster lies furthest from all the texts' (in their standard deviations), at least DISTINCTIVE_DIFFERENCE away; at most DISTINCTIVE_FEATURES. */
function distinctiveFeatures(names: readonly string[], members: readonly FeatureRow[], overall: ReadonlyMap<string, { mean: number; sd: number }>): ClusterFeature[] {
  return names
    .flatMap((feature) => {
      const { mean: overallMean, sd } = overall.get(feature)!;
      if (sd === 0) return [];
      const clusterMean = mean(members.map((row) => row[feature]!));
      const standardizedDifference = (clusterMean - overallMean) / sd;
      return Math.abs(standardizedDifference) >= DISTINCTIVE_DIFFERENCE ? [{ feature, clusterMean, overallMean, standardizedDifference }] : [];
    })
    .sort((a, b) => Math.abs(b.standardizedDifference) - Math.abs(a.standardizedDifference))
    .slice(0, DISTINCTIVE_FEATURES);
}

/** Mean and population standard deviation. */
function spreadOf(values: readonly number[]): { mean: number; sd: number } {
  const m = mean(values);
  return { mean: m, sd: Math.sqrt(mean(values.map((v) => (v - m) ** 2))) };
}
