import { createHash } from 'node:crypto';
import type { GrowthForecastRecord } from './forecast.js';

/** What makes two forecasts the same forecast: the model, the channel, the horizon, where it starts and the exact input. */
export type ForecastIdentity = Pick<GrowthForecastRecord, 'modelName' | 'modelVersion' | 'channelId' | 'days' | 'lastDate' | 'lastCount' | 'input' | 'inputShape'>;

/**
 * A forecast's id, derived from what it was computed from, so the same question asked twice (a
 * refetch, a retry, the explorer's query) is the same forecast, stored once. The input is
 * hashed as the float32 values the model read. The last day and count are hashed too: the
 * input may be relative (gains, not levels), and a flat channel a week later would otherwise
 * get last week's forecast back, with last week's dates.
 */
export function forecastId(identity: ForecastIdentity): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([identity.modelName, identity.modelVersion, identity.channelId, identity.days, identity.lastDate, identity.lastCount, identity.inputShape]));
  hash.update(new Uint8Array(Float32Array.from(identity.input).buffer));
  // 128 bits: collisions are out of reach, and the id stays short enough to paste.
  return hash.digest('hex').slice(0, 32);
}
