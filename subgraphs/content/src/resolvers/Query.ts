import { checkContent } from '../domain/content-checks.js';
import { extractContentFeatures } from '../domain/content-features.js';
import { analyzeContentPatterns } from '../domain/content-patterns.js';
import { detectViralPotential } from '../domain/viral-potential.js';
import type { QueryResolvers } from '../__generated__/resolvers-types.js';
import { featureDeps, patternDeps, viralDeps } from './deps.js';

export const Query: QueryResolvers = {
  analyzeContentPatterns: (_parent, { texts }, context) => analyzeContentPatterns(patternDeps(context), texts, context.patternLimits),
  detectViralPotential: (_parent, { content }, context) => detectViralPotential(viralDeps(context), content),
  extractContentFeatures: (_parent, { content }, context) => extractContentFeatures(featureDeps(context), content),
  validateContent: (_parent, { content }, { readLimits }) => checkContent(content, 'content', { readLimits }),
  contentViralServing: (_parent, _args, { serving }) => serving.viral.servingStats(),
  contentCnnServing: (_parent, _args, { serving }) => serving.cnn.servingStats(),
};
