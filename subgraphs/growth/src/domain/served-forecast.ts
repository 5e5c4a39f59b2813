/** A stored growth forecast as feedback and drift read it (ServedPrediction): its days with their intervals, and its input's drift features. */
import { namedValues, type ServedPrediction } from '@telepulse/models/catalog/served-prediction';
import { growthDriftFeatures, growthDriftFeaturesOfRecord } from '@telepulse/models/growth/drift-features';
import { GROWTH_FEATURES } from '@telepulse/models/growth/features';
import type { GrowthForecastRecord } from './forecast.js';

export function servedGrowthForecast(record: GrowthForecastRecord): ServedPrediction {
  return {
    id: record.id,
    modelId: record.modelName,
    modelVersion: record.modelVersion,
    outcome: 'SUBSCRIBER_COUNT',
    channelId: record.channelId,
    postId: null,
    postedAt: null,
    createdAt: record.createdAt,
    points: record.points.map(({ date, value, lower80, upper80, lower95, upper95 }) => ({ date, value, lower80, upper80, lower95, upper95 })),
    // The stored input is exactly what the model read (its window of days); one of an earlier model's columns still tells the size and days.
    features: namedValues(
      record.inputShape[1] === GROWTH_FEATURES ? growthDriftFeatures(record.input, record.inputShape[0]) : growthDriftFeaturesOfRecord(record.lastCount, record.historyDays),
    ),
    modelInput: { shape: [...record.inputShape], values: [...record.input] },
  };
}
