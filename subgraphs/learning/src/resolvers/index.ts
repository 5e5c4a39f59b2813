import type { Resolvers } from '../__generated__/resolvers-types.js';
import { AdaptationRun } from './AdaptationRun.js';
import { adaptationModelFields, adaptationMutations, adaptationQueries } from './adaptation-runs.js';
import { FieldIssue } from './FieldIssue.js';
import { LearningJob, LearningRateState } from './LearningJob.js';
import { Model } from './Model.js';
import { ModelVersion } from './ModelVersion.js';
import { Mutation } from './Mutation.js';
import { Query } from './Query.js';

export const resolvers: Resolvers = {
  Query: { ...Query, ...adaptationQueries },
  Mutation: { ...Mutation, ...adaptationMutations },
  Model: { ...Model, ...adaptationModelFields },
  ModelVersion,
  LearningJob,
  LearningRateState,
  FieldIssue,
  AdaptationRun,
};
