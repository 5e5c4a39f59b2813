/**
 * The prediction requests the benchmarks send: request `i` is a new prediction for every `i` a
 * run can reach, as fresh traffic would be. A repeat of a prediction stored long ago (out of the
 * store's cache) costs a failed insert and a read back, which on FerretDB is a scan of the whole
 * collection: a bench that wrapped around would measure that instead. (The previous generator,
 * `hourOfDay: i % 24, dayOfWeek: i % 7, contentLength: 50 + i % 4000`, wrapped at 84,000 — about
 * half a minute of batch load — and the bench stalled there.)
 */

/** The demo channels `pnpm start` seeds, which the requests rotate over. */
export const BENCH_CHANNEL_IDS = ['demo-1', 'demo-2', 'demo-3', 'demo-4'] as const;

export const benchChannelOf = (i: number): string => BENCH_CHANNEL_IDS[i % BENCH_CHANNEL_IDS.length]!;

/**
 * The candidate post of request `i`, as mixed-radix digits of `i / 4` (the channel is `i % 4`):
 * distinct for 4 × 4,000 × 24 × 7 × 2 = 5,376,000 consecutive `i`, lengths below the one the
 * model saturates at (4,096).
 */
export function benchFeatures(i: number): { hourOfDay: number; dayOfWeek: number; contentLength: number; hasMedia: boolean } {
  const q = Math.floor(i / BENCH_CHANNEL_IDS.length);
  return {
    contentLength: 50 + (q % 4000),
    hourOfDay: Math.floor(q / 4000) % 24,
    dayOfWeek: Math.floor(q / 96_000) % 7,
    hasMedia: Math.floor(q / 672_000) % 2 === 0,
  };
}
