import type { Resolvers } from '../__generated__/resolvers-types.js';
import { Channel } from './Channel.js';
import { Mutation } from './Mutation.js';
import { Post } from './Post.js';
import { Query } from './Query.js';
import { Rejection } from './Rejection.js';

export const resolvers: Resolvers = {
  Query,
  Mutation,
  Channel,
  Post,
  Rejection,
};
