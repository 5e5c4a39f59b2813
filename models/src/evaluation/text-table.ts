/** Aligned plain-text tables and the number formats of the printed evaluation reports. */

/**
 * Columns padded to their widest cell (numbers right-aligned), a rule under the header and before
 * the `footer` rows. A row shorter than the header ends in a note that runs across the columns
 * left and is not measured (so one long note does not widen a column for every row).
 */
export function textTable(header: string[], rows: string[][], footer: string[][], right: boolean[]): string {
  const all = [header, ...rows, ...footer];
  const measured = (r: string[], col: number) => (r.length < header.length && col >= r.length - 1 ? 0 : (r[col] ?? '').length);
  const widths = header.map((_, col) => Math.max(...all.map((r) => measured(r, col))));
  const line = (cells: string[]) =>
    cells
      .map((cell, col) => (cells.length < header.length && col === cells.length - 1 ? cell : right[col] ? cell.padStart(widths[col]!) : cell.padEnd(widths[col]!)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...rows.map(line), ...(footer.length ? [rule, ...footer.map(line)] : [])].join('\n');
}

/** A printed report's first line: the model, and what it was judged on when the report says. */
export const reportHeading = (report: { model: { name: string; version: string }; data?: string }) => `${report.model.name} ${report.model.version}${report.data ? ` on ${report.data}` : ''}`;

/** `digits` decimals; NaN and ±Infinity as words. */
export const fixed = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : String(v));
/** As fixed, with a + on positive values. */
export const signed = (v: number, digits: number) => (v > 0 ? `+${fixed(v, digits)}` : fixed(v, digits));
/** A share as a percentage with at most one decimal: 0.2 → "20 %". */
export const percent = (share: number) => `${Math.round(share * 1000) / 10} %`;
