import { describe, expect, it } from 'vitest';
import { INPUT_SHAPES, MIN_EXAMPLES, leakageIssues, splitHeldOut, usableExamples, validateLearningData, type FeedbackExample } from '../src/domain/learning-data.js';

const [rows, columns] = INPUT_SHAPES.engagement;
const input = () => ({ shape: [rows, columns], values: new Array<number>(rows * columns).fill(0.5) });
const example = (i: number, over: Partial<FeedbackExample> = {}): FeedbackExample => ({
  feedbackId: `f${String(i).padStart(3, '0')}`,
  predictionId: `p${i}`,
  modelVersion: '2.1.0',
  receivedAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
  error: 0.01,
  label: { kind: 'ENGAGEMENT_RATE', engagementRate: 0.05 },
  input: input(),
  origin: null,
  ...over,
});
const examples = (n: number) => Array.from({ length: n }, (_, i) => example(i));

describe('learning data', () => {
  it('holds out the most recent 20 % by arrival, whatever the order they came in', () => {
    const shuffled = examples(50).reverse();
    const split = splitHeldOut(usableExamples('engagement', shuffled).usable);
    expect(split.heldOut.map((e) => e.feedbackId)).toEqual(examples(50).slice(40).map((e) => e.feedbackId));
    expect(split.training).toHaveLength(40);
    expect(split.heldOutFrom).toEqual(examples(50)[40]!.receivedAt);
    expect(leakageIssues(split)).toEqual([]);
  });

  it('is valid with enough examples, and counts what it would use and hold out', () => {
    const result = validateLearningData('engagement', examples(MIN_EXAMPLES.engagement));
    expect(result).toMatchObject({ valid: true, examples: MIN_EXAMPLES.engagement, heldOut: MIN_EXAMPLES.engagement * 0.2, errors: [], warnings: [] });
  });

  it('refuses too few usable examples naming modelId, with the minimum', () => {
    const result = validateLearningData('engagement', examples(MIN_EXAMPLES.engagement - 1));
    expect(result.valid).toBe(false);
    expect(result.errors[0]).toMatchObject({ field: 'modelId', value: 'engagement', message: expect.stringContaining(`at least ${MIN_EXAMPLES.engagement}`) });
  });

  it('leaves out items without an input, with an input of another shape, and a prediction fed back twice, with a warning each', () => {
    const items = [...examples(45), example(100, { input: null }), example(101, { input: { shape: [rows, columns - 1], values: [] } }), example(102, { predictionId: 'p3' })];
    const result = validateLearningData('engagement', items);
    expect(result).toMatchObject({ valid: true, examples: 45 });
    expect(result.warnings.map((w) => w.field)).toEqual(['feedback[f100].input', 'feedback[f101].input.shape', 'feedback[f102].predictionId']);
  });

  it('flags a label out of range as an error and leaves the item out', () => {
    const items = [...examples(45), example(200, { label: { kind: 'ENGAGEMENT_RATE', engagementRate: 1.5 } })];
    const result = validateLearningData('engagement', items);
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual([{ field: 'feedback[f200].engagementRate', value: 1.5, message: 'must be between 0 and 1' }]);
    expect(result.examples).toBe(45);
  });

  it('finds leakage: a held-out prediction in training, a training item in the held-out window', () => {
    const split = validateLearningData('engagement', examples(50)).split;
    const leaky = { ...split, training: [...split.training, { ...split.heldOut[0]!, feedbackId: 'x1' }, { ...split.heldOut[1]!, feedbackId: 'x2', predictionId: 'other' }] };
    expect(leakageIssues(leaky).map((i) => i.field)).toEqual(['feedback[x1].predictionId', 'feedback[x2].receivedAt']);
  });
});
