import { viralDrivers } from '../domain/viral-potential.js';
import type { ViralPotentialResolvers } from '../__generated__/resolvers-types.js';

export const ViralPotential: ViralPotentialResolvers = {
  drivers: (potential, { limit }, { loaders }) => viralDrivers((text) => loaders.explanation.load(text), potential, limit),
};
