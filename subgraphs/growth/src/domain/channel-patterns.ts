import { NotFoundError } from '@telepulse/platform';
import type { GrowthHistory } from '@telepulse/models/growth/series';
import { tooShortAsInput } from './history-too-short.js';
import { analyzeGrowthPatterns, type ChannelGrowthPatterns } from './patterns.js';

/**
 * A channel's growth patterns over the counts `loadHistory` gives (the latest PATTERNS_MAX_DAYS):
 * NOT_FOUND for an unknown channel, BAD_USER_INPUT naming `channelId` below PATTERNS_MIN_DAYS.
 */
export async function channelGrowthPatterns(loadHistory: (channelId: string) => Promise<GrowthHistory | null>, channelId: string): Promise<ChannelGrowthPatterns> {
  const history = await loadHistory(channelId);
  if (history === null) throw new NotFoundError('Channel', channelId);
  return { channelId, ...(await tooShortAsInput(channelId, 'a pattern analysis', () => analyzeGrowthPatterns(history.counts))) };
}
