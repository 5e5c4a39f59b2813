/**
 * Which hand-made features go with what the models predict for a set of texts: the texts with
 * and without each feature side by side, and the rank correlation. Plain TypeScript.
 */
import { mean, spearman } from '@telepulse/models/evaluation/metrics';
import type { FeatureRow } from './feature-spread.js';

export interface FeatureAssociation {
  feature: string;
  textsWith: number;
  textsWithout: number;
  relativeEngagementWith: number | null;
  relativeEngagementWithout: number | null;
  viralScoreWith: number | null;
  viralScoreWithout: number | null;
  engagementCorrelation: number | null;
  viralCorrelation: number | null;
}

/** What the models said of each text, in the order of the feature rows. */
export interface TextCalls {
  relativeEngagement: readonly number[];
  viralScore: readonly number[];
}

/**
 * Per feature in `names`: the texts where it is above 0 against the others (their mean
 * predicted relative engagement and viral score; null for an empty group), and Spearman's rank
 * correlation of the feature with each (null when either does not vary). Ordered by the
 * strength of the link with predicted engagement (|correlation|), then with the viral score,
 * features without either last, in `names` order.
 */
export function featureAssociations(names: readonly string[], rows: readonly FeatureRow[], calls: TextCalls): FeatureAssociation[] {
  const associations = names.map((feature) => {
    const values = rows.map((row) => row[feature]!);
    const present = values.map((v) => v > 0);
    const split = (of: readonly number[]) => ({
      with: meanOrNull(of.filter((_, i) => present[i])),
      without: meanOrNull(of.filter((_, i) => !present[i])),
    });
    const engagement = split(calls.relativeEngagement);
    const viral = split(calls.viralScore);
    const textsWith = present.filter(Boolean).length;
    return {
      feature,
      textsWith,
      textsWithout: values.length - textsWith,
      relativeEngagementWith: engagement.with,
      relativeEngagementWithout: engagement.without,
      viralScoreWith: viral.with,
      viralScoreWithout: viral.without,
      engagementCorrelation: spearman(values, calls.relativeEngagement),
      viralCorrelation: spearman(values, calls.viralScore),
    };
  });
  const strength = (r: number | null) => (r === null ? -1 : Math.abs(r));
  return associations
    .map((association, order) => ({ association, order }))
    .sort((a, b) => strength(b.association.engagementCorrelation) - strength(a.association.engagementCorrelation) || strength(b.association.viralCorrelation) - strength(a.association.viralCorrelation) || a.order - b.order)
    .map(({ association }) => association);
}

function meanOrNull(values: readonly number[]): number | null {
  return values.length === 0 ? null : mean(values);
}
