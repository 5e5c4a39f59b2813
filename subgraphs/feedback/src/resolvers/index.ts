import type { Resolvers } from '../__generated__/resolvers-types.js';
import { Feedback, FeedbackError, FeedbackProcessing } from './Feedback.js';
import { Model } from './Model.js';
import { Mutation } from './Mutation.js';
import { Query } from './Query.js';

export const resolvers: Resolvers = { Query, Mutation, Model, Feedback, FeedbackError, FeedbackProcessing };
