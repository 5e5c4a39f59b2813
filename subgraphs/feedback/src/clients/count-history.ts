/**
 * The channels' daily subscriber counts, for MASE's scale of growth forecasts
 * (domain/mase-scale.ts): one `channels(ids:)` read through the gateway per CHANNELS_PER_REQUEST
 * channels, every count of each (a forecast's scale reads those up to its own origin). One root
 * field, no aliases: within the gateway's operation limits whatever the number of forecasts.
 */
import type { ReadScope, SupergraphClient } from '@telepulse/platform/supergraph-client';
import { answered } from '@telepulse/platform/supergraph-client';
import { forecastOrigin, naiveScale } from '../domain/mase-scale.js';
import type { ServedPredictionView } from '../domain/served-prediction.js';
import { ChannelCountsDocument } from '../__generated__/supergraph-operations.js';

/** Channels one read asks for: well within `channels(ids:)`'s limit (MAX_CHANNEL_IDS, 1,000 by default). */
export const CHANNELS_PER_REQUEST = 100;

export interface ScaleReader {
  /** MASE scales of the forecasts whose channel has enough counts before their origin, by prediction id. */
  scales(forecasts: readonly ServedPredictionView[], scope: ReadScope): Promise<Map<string, number>>;
}

export function supergraphCountHistory(client: SupergraphClient): ScaleReader {
  return {
    async scales(forecasts, scope) {
      const ids = [...new Set(forecasts.map((f) => f.channelId))];
      const counts = new Map<string, { date: string; count: number }[]>();
      for (let start = 0; start < ids.length; start += CHANNELS_PER_REQUEST) {
        const { channels } = await client.request(ChannelCountsDocument, { ids: ids.slice(start, start + CHANNELS_PER_REQUEST) }, scope);
        for (const channel of answered(channels, 'channels')) if (channel) counts.set(channel.id, channel.subscriberCounts);
      }
      const scales = new Map<string, number>();
      for (const forecast of forecasts) {
        const origin = forecastOrigin(forecast);
        const history = counts.get(forecast.channelId);
        const scale = origin && history ? naiveScale(history, origin) : null;
        if (scale !== null) scales.set(forecast.id, scale);
      }
      return scales;
    },
  };
}
