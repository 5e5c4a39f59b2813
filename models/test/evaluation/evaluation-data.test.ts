import { describe, expect, it } from 'vitest';
import { ENGAGEMENT_TRAINING } from '../../src/engagement/training/train.js';
import { EVALUATION_SIMULATION } from '../../src/evaluation/evaluation-data.js';
import { evaluatorFor } from '../../src/evaluation/evaluators.js';

describe('the default evaluation data', () => {
  it('comes from a simulator seed and channel ids that training does not use', () => {
    expect(EVALUATION_SIMULATION.seed).not.toBe(ENGAGEMENT_TRAINING.data.simulator.seed);
    expect(EVALUATION_SIMULATION.seed).not.toBe(ENGAGEMENT_TRAINING.data.seed);
    expect(EVALUATION_SIMULATION.idPrefix).not.toBe('sim');
  });
});

describe('evaluatorFor', () => {
  it('knows engagement and growth, each served from its subgraph\'s database, and nothing else yet', () => {
    expect(evaluatorFor('engagement')).toMatchObject({ name: 'engagement', database: 'engagement' });
    expect(evaluatorFor('growth')).toMatchObject({ name: 'growth', database: 'growth' });
    expect(evaluatorFor('content')).toBeUndefined();
    expect(evaluatorFor('toString')).toBeUndefined();
  });
});
