/**
 * The cursors of feedbackErrors and feedbackBatches: the position (`seq`) of the last item a
 * consumer has, as a decimal string. Opaque to clients; checked when it comes back.
 */
import { InvalidInputError } from '@telepulse/platform';

/** The most items one feedbackErrors page holds. */
export const ERROR_PAGE_MAX = 5000;
/** The most batches one feedbackBatches page holds. */
export const BATCH_PAGE_MAX = 1000;

/** The position after which to read: 0 (from the start) without a cursor; BAD_USER_INPUT naming `after` for anything but one of ours. */
export function parseCursor(after: string | null | undefined): number {
  if (after === null || after === undefined) return 0;
  const seq = /^\d{1,15}$/.test(after) ? Number(after) : Number.NaN;
  if (!Number.isSafeInteger(seq)) throw new InvalidInputError([{ field: 'after', value: after, message: 'must be a cursor an earlier page returned' }]);
  return seq;
}

/** The cursor after a page: its last item's position, or the one asked with when the page is empty (null when there was none). */
export function nextCursor(after: string | null | undefined, page: readonly { seq: number }[]): string | null {
  const last = page[page.length - 1];
  return last ? String(last.seq) : (after ?? null);
}

/** BAD_USER_INPUT naming `limit` outside 1..max. */
export function assertPageLimit(limit: number, max: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > max) throw new InvalidInputError([{ field: 'limit', value: limit, message: `must be a whole number between 1 and ${max}` }]);
}
