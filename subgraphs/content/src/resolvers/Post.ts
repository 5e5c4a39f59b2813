import { postViralPotential } from '../domain/viral-potential.js';
import type { PostResolvers } from '../__generated__/resolvers-types.js';
import { viralDeps } from './deps.js';
import { representationPath } from './representation-path.js';

export const Post: PostResolvers = {
  // The key and the @requires text are all this subgraph needs.
  __resolveReference: (representation) => representation,
  viralPotential: (post, _args, context, info) => postViralPotential(viralDeps(context), post, representationPath(info)),
};
