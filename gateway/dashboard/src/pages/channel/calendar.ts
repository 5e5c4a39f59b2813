/**
 * Calendar days (the `Date` scalar, `YYYY-MM-DD`, UTC days) on a time axis that reads in the
 * viewer's zone: a day is placed at its local midnight, so uPlot, which labels in the local zone,
 * labels it with its own date everywhere (at UTC midnight it would read as the day before west
 * of Greenwich).
 */

/** Seconds since the epoch of the local midnight that starts `day` (`2024-05-01`). */
export function dayToX(day: string): number {
  const [y, m, d] = day.slice(0, 10).split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d).getTime() / 1000;
}
