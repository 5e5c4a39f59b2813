import type { EngagementBacktestResolvers } from '../__generated__/resolvers-types.js';

export const EngagementBacktest: EngagementBacktestResolvers = {
  channel: (backtest) => ({ id: backtest.channelId }),
};
