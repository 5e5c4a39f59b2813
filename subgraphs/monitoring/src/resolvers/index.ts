import type { Resolvers } from '../__generated__/resolvers-types.js';
import { Model } from './Model.js';
import { MonitoringDashboard } from './MonitoringDashboard.js';
import { Mutation } from './Mutation.js';
import { PerformanceAlert } from './PerformanceAlert.js';
import { PerformanceRecord } from './PerformanceRecord.js';
import { Query } from './Query.js';

export const resolvers: Resolvers = {
  Query,
  Mutation,
  Model,
  PerformanceRecord,
  PerformanceAlert,
  MonitoringDashboard,
};
