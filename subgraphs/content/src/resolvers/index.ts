import type { Resolvers } from '../__generated__/resolvers-types.js';
import { Channel } from './Channel.js';
import { FieldIssue } from './FieldIssue.js';
import { Post } from './Post.js';
import { Query } from './Query.js';
import { TextFeatures } from './TextFeatures.js';
import { ViralPotential } from './ViralPotential.js';

export const resolvers: Resolvers = {
  Query,
  Channel,
  Post,
  ViralPotential,
  TextFeatures,
  FieldIssue,
  ValidationResult: { valid: (check) => check.errors.length === 0 },
  ServingStats: { model: (stats) => ({ id: stats.model }) },
};
