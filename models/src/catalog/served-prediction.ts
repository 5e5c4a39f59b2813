/**
 * A stored prediction as feedback and drift read it (`ServedPrediction` in every predicting
 * subgraph's SDL), and the limits of the `served…`/`recent…` fields the catalog names. Each
 * predicting subgraph maps its own stored records to this shape; plain data, no GraphQL, no MongoDB.
 */
import { InvalidInputError, assertMaxItems } from '@telepulse/platform';
import type { OutcomeKind } from './model-catalog.js';

/** One predicted value: a rate, a probability, or a forecast day's count with its intervals. */
export interface ServedPoint {
  /** `YYYY-MM-DD`, for a forecast day; null otherwise. */
  date: string | null;
  value: number;
  lower80: number | null;
  upper80: number | null;
  lower95: number | null;
  upper95: number | null;
}

export interface NamedValue {
  name: string;
  value: number;
}

/** The exact tensor a model read for a prediction, row-major, without the batch axis. */
export interface ModelInput {
  shape: number[];
  values: number[];
}

export interface ServedPrediction {
  id: string;
  /** The catalog model's id (the Model entity's key). */
  modelId: string;
  modelVersion: string;
  outcome: OutcomeKind;
  channelId: string;
  postId: string | null;
  postedAt: Date | null;
  createdAt: Date;
  points: ServedPoint[];
  /** The model's input summarised (models/src/<model>/drift-features.ts). */
  features: NamedValue[];
  /** The exact input the model read, so the prediction can become a labelled example (learning); null where it is not stored. */
  modelInput: ModelInput | null;
}

/** The most ids one `served…` call takes. */
export const SERVED_IDS_MAX = 1000;
/** The most predictions one `recent…` call returns. */
export const RECENT_LIMIT_MAX = 5000;

/** BAD_USER_INPUT naming `ids` beyond SERVED_IDS_MAX, before anything is read. */
export function assertServedIds(ids: readonly string[]): void {
  assertMaxItems('ids', ids, SERVED_IDS_MAX, 'ids');
}

/** BAD_USER_INPUT naming `limit` outside 1..RECENT_LIMIT_MAX, before anything is read. */
export function assertRecentLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > RECENT_LIMIT_MAX) {
    throw new InvalidInputError([{ field: 'limit', value: limit, message: `must be a whole number between 1 and ${RECENT_LIMIT_MAX}` }]);
  }
}

/** The predictions of `ids` in the order asked, null for an id not found (`found` holds what one query returned). */
export function inAskedOrder<R>(ids: readonly string[], found: ReadonlyMap<string, R>, view: (record: R) => ServedPrediction): (ServedPrediction | null)[] {
  return ids.map((id) => {
    const record = found.get(id);
    return record === undefined ? null : view(record);
  });
}

/** A named vector as the API lists it, in the order of its keys; a feature a record cannot tell (undefined) is left out. */
export function namedValues(values: Readonly<Partial<Record<string, number>>>): NamedValue[] {
  return Object.entries(values).flatMap(([name, value]) => (value === undefined ? [] : [{ name, value }]));
}

/** A store of served records: by id in one query, and the latest by creation time in one query. */
export interface ServedRecords<R> {
  findByIds(ids: readonly string[]): Promise<ReadonlyMap<string, R>>;
  findRecent(since: Date, limit: number): Promise<R[]>;
}

/** A `served…` field: the limit checked first, then one query (none for no ids), the answers in the order asked. */
export async function servedByIds<R>(records: ServedRecords<R>, ids: readonly string[], view: (record: R) => ServedPrediction): Promise<(ServedPrediction | null)[]> {
  assertServedIds(ids);
  if (ids.length === 0) return [];
  return inAskedOrder(ids, await records.findByIds(ids), view);
}

/** A `recent…` field: the limit checked first, then one query. */
export async function recentServed<R>(records: ServedRecords<R>, since: Date, limit: number, view: (record: R) => ServedPrediction): Promise<ServedPrediction[]> {
  assertRecentLimit(limit);
  return (await records.findRecent(since, limit)).map(view);
}
