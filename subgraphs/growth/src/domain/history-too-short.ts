import { InvalidInputError } from '@telepulse/platform';
import { GrowthHistoryTooShortError } from '@telepulse/models/growth/series';

/**
 * A channel with too few days of subscriber counts for what was asked: BAD_USER_INPUT naming
 * `channelId` (the input that cannot be answered; for Channel.growthForecast, the channel the
 * query selected), with `reason: GROWTH_HISTORY_TOO_SHORT`, `days` (what exists) and `needed`
 * in the extensions, so a client can say "come back in N days" without parsing the message.
 */
export class HistoryTooShortInputError extends InvalidInputError {
  constructor(channelId: string, what: string, { days, needed }: GrowthHistoryTooShortError) {
    super([{ field: 'channelId', value: channelId, message: `has ${days} day${days === 1 ? '' : 's'} of subscriber counts; ${what} needs at least ${needed}` }]);
    Object.assign(this.details, { reason: 'GROWTH_HISTORY_TOO_SHORT', days, needed });
  }
}

/** Runs `work`, turning the contract's GrowthHistoryTooShortError into the client's HistoryTooShortInputError. */
export async function tooShortAsInput<T>(channelId: string, what: string, work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof GrowthHistoryTooShortError) throw new HistoryTooShortInputError(channelId, what, error);
    throw error;
  }
}
