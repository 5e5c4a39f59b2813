/**
 * Fed-back examples in the form the model kit trains and evaluates on
 * (models/src/learning/labelled-example.ts): the stored input and the observed outcome.
 */
import type { EngagementLabelledExample, GrowthLabelledExample, LabelledExamples } from '@telepulse/models/learning/labelled-example';
import type { UsableExample } from './learning-data.js';
import type { TrainableModel } from './trainable-models.js';

export function labelledExamples<M extends TrainableModel>(modelId: M, examples: readonly UsableExample[]): LabelledExamples[M][] {
  return examples.flatMap((e): LabelledExamples[M][] => {
    const inputShape = [e.input.shape[0]!, e.input.shape[1]!] as const;
    if (modelId === 'engagement' && e.label.kind === 'ENGAGEMENT_RATE') {
      const example: EngagementLabelledExample = { input: e.input.values, inputShape, observed: e.label.engagementRate, receivedAt: e.receivedAt };
      return [example as LabelledExamples[M]];
    }
    if (modelId === 'growth' && e.label.kind === 'SUBSCRIBER_COUNT' && e.origin) {
      const example: GrowthLabelledExample = { input: e.input.values, inputShape, ...e.origin, observed: e.label.subscriberCounts, receivedAt: e.receivedAt };
      return [example as LabelledExamples[M]];
    }
    return [];
  });
}
