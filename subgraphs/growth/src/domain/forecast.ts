import type { GrowthPoint } from '@telepulse/models/growth/series';

export interface BaselinePoint {
  /** `YYYY-MM-DD` */
  date: string;
  value: number;
}

/** A served forecast, as stored: enough to join the observed counts to it and replay the model. */
export interface GrowthForecastRecord {
  id: string;
  channelId: string;
  modelName: string;
  modelVersion: string;
  days: number;
  /** The latest counted day and its count: where the forecast starts. */
  lastDate: string;
  lastCount: number;
  points: GrowthPoint[];
  baseline: BaselinePoint[];
  historyDays: number;
  /**
   * The exact model input, row-major, and its shape: float32 as the model read it (a served
   * forecast; a stored one as float32 bytes), numbers for a document stored otherwise.
   */
  input: Float32Array | number[];
  inputShape: [number, number];
  createdAt: Date;
}
