/**
 * The data a model is judged on when nobody names any: simulated channels from a seed that no
 * training run uses (the trainer's simulator seed is ENGAGEMENT_TRAINING.data.simulator.seed,
 * and its ids start `sim-`), so the numbers say how the model does on channels it never saw.
 */
import { simulateChannels, type ChannelRecord, type SimulationOptions } from '@telepulse/dataset';

export const EVALUATION_SIMULATION = { seed: 20261201, channels: 60, days: 240, idPrefix: 'eval' } as const satisfies SimulationOptions;

/** The default evaluation channels and how to say where they came from. */
export function evaluationSimulation(): { channels: ChannelRecord[]; description: string } {
  const { seed, channels, days } = EVALUATION_SIMULATION;
  return { channels: simulateChannels(EVALUATION_SIMULATION), description: `simulator (seed ${seed}, ${channels} channels, ${days} days; never used in training)` };
}
