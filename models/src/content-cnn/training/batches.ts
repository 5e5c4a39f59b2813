/**
 * Texts into training and prediction batches that waste little on padding: texts of similar
 * length share a batch, and each batch is padded only to its longest text (the network ignores
 * PAD, so this computes exactly what padding to maxTokens would, in a fraction of the time).
 */
import type { Random } from '@telepulse/dataset';
import { tokenizeContent } from '../../content/tokenizer.js';

/** A batch's token ids, row-major [rows, steps], and its shape. */
export interface TokenBatch {
  ids: Float32Array;
  rows: number;
  steps: number;
}

/** Batch widths are rounded up to a multiple of this: fewer distinct shapes for the backend, little padding. */
const STEP_QUANTUM = 16;

/** Non-PAD tokens of the text at maxTokens. */
export function tokenCount(text: string, maxTokens: number): number {
  return tokenizeContent(text, maxTokens).length;
}

/** The texts' ids, each row cut to the longest text's tokens (rounded up to STEP_QUANTUM, at most maxTokens). */
export function tokenBatch(texts: readonly string[], maxTokens: number): TokenBatch {
  const tokenized = texts.map((text) => tokenizeContent(text, maxTokens));
  const longest = Math.max(1, ...tokenized.map((t) => t.length));
  const steps = Math.min(maxTokens, Math.ceil(longest / STEP_QUANTUM) * STEP_QUANTUM);
  const ids = new Float32Array(texts.length * steps);
  tokenized.forEach((t, i) => ids.set(t.ids.subarray(0, steps), i * steps));
  return { ids, rows: texts.length, steps };
}

/**
 * The order's items cut into batches of `batchSize` by length: every `pool` batches' worth of
 * items (in the order given) are sorted by `length` and cut, so a batch holds texts of similar
 * length while which texts meet stays random; then the batches are shuffled with `random`.
 */
export function lengthBuckets<T>(order: readonly T[], length: (item: T) => number, batchSize: number, random: Random, pool = 16): T[][] {
  const batches: T[][] = [];
  const chunk = batchSize * pool;
  for (let start = 0; start < order.length; start += chunk) {
    const sorted = order.slice(start, start + chunk).map((item) => ({ item, length: length(item) }));
    sorted.sort((a, b) => a.length - b.length);
    for (let b = 0; b < sorted.length; b += batchSize) batches.push(sorted.slice(b, b + batchSize).map((s) => s.item));
  }
  return random.shuffle(batches);
}
