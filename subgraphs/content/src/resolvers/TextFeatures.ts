import type { TextFeaturesResolvers } from '../__generated__/resolvers-types.js';

export const TextFeatures: TextFeaturesResolvers = {
  // The feature vector counts a yes as 1; the API says yes.
  endsWithQuestion: (features) => features.endsWithQuestion === 1,
  boldTitle: (features) => features.boldTitle === 1,
};
