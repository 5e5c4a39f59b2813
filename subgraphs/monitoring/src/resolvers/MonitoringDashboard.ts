import type { MonitoringDashboardResolvers } from '../__generated__/resolvers-types.js';

export const MonitoringDashboard: MonitoringDashboardResolvers = {
  latencyP50Ms: (dashboard) => dashboard.current.latencyP50Ms ?? null,
  latencyP99Ms: (dashboard) => dashboard.current.latencyP99Ms ?? null,
};
