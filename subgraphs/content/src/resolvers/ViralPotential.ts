import type { ViralPotentialResolvers } from '../__generated__/resolvers-types.js';

export const ViralPotential: ViralPotentialResolvers = {
  model: (potential) => ({ id: potential.modelName }),
  // Occlusion costs a model run per word: only when asked, through the request's loader.
  drivers: async (potential, _args, { loaders }) => [...(await loaders.explanation.load(potential.text)).drivers],
};
