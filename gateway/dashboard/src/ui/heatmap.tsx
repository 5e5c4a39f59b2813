/**
 * A heatmap as an HTML table: rows × columns of coloured cells, each with its value in its
 * `title` and `aria-label`, so a screen reader reads it as a table and a test reads it from
 * `data-*` attributes (`data-heatmap-cells` on the table; `data-row`, `data-col`, `data-value`
 * and `data-highlight` on each cell). Colour runs from the lowest value shown to the highest
 * (white to the accent blue, with dark text on light cells and white on dark ones, both above
 * WCAG AA contrast); highlighted cells get an outline and a mark, not only a colour.
 */
import type { ComponentChildren } from 'preact';
import './heatmap.css';

export interface HeatmapCell {
  value: number | null;
  /** Read on hover and by screen readers (the cell's own text is only its mark). */
  label: string;
  /** Outlined and marked (e.g. the best times). */
  highlight?: boolean;
}

export interface HeatmapProps {
  /** Row headers, top to bottom. */
  rows: readonly string[];
  /** Column headers, left to right; `columnEvery` keeps every n-th visible (all stay for screen readers). */
  columns: readonly string[];
  /** cells[row][column]. */
  cells: readonly (readonly HeatmapCell[])[];
  /** The table's caption: what it shows. */
  caption: ComponentChildren;
  /** Shows only every n-th column header (the rest are visually hidden); default 1. */
  columnEvery?: number;
  /** Formats the legend's ends. */
  format?: (value: number) => string;
  testId?: string;
}

/** The darkest shade: the accent at 80 %, where the dark text colour still has 4:1 contrast. */
const DARKEST = 0.8;

/** The accent (#1f5fbf) mixed with white by `t` (0..1). */
function shade(t: number): string {
  const mix = (to: number) => Math.round(255 + (to - 255) * t);
  return `rgb(${mix(0x1f)}, ${mix(0x5f)}, ${mix(0xbf)})`;
}

/** Where `value` sits between the extremes, 0..1 (0.5 when they are equal). */
export function heatLevel(value: number, min: number, max: number): number {
  return max > min ? (value - min) / (max - min) : 0.5;
}

export function Heatmap({ rows, columns, cells, caption, columnEvery = 1, format = String, testId }: HeatmapProps) {
  const values = cells.flat().flatMap((c) => (c.value === null || !Number.isFinite(c.value) ? [] : [c.value]));
  const min = values.length > 0 ? Math.min(...values) : 0;
  const max = values.length > 0 ? Math.max(...values) : 0;
  const count = cells.reduce((n, row) => n + row.length, 0);
  return (
    <div class="heatmap-wrap">
      <table class="heatmap" data-testid={testId} data-heatmap-cells={count} data-heatmap-min={min} data-heatmap-max={max}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <td />
            {columns.map((column, c) => (
              <th key={c} scope="col" class={c % columnEvery === 0 ? undefined : 'heatmap-quiet'}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={r}>
              <th scope="row">{row}</th>
              {(cells[r] ?? []).map((cell, c) => {
                const level = cell.value === null ? null : heatLevel(cell.value, min, max);
                return (
                  <td
                    key={c}
                    class={cell.highlight ? 'heatmap-cell heatmap-best' : 'heatmap-cell'}
                    style={level === null ? undefined : { background: shade(0.06 + (DARKEST - 0.06) * level) }}
                    title={cell.label}
                    aria-label={cell.label}
                    data-row={r}
                    data-col={c}
                    data-value={cell.value ?? ''}
                    data-highlight={cell.highlight ? 'true' : undefined}
                  >
                    {cell.highlight ? '★' : ''}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {values.length > 0 ? (
        <p class="heatmap-legend" aria-hidden="true">
          <span>{format(min)}</span>
          <span class="heatmap-ramp" style={{ background: `linear-gradient(to right, ${shade(0.06)}, ${shade(DARKEST)})` }} />
          <span>{format(max)}</span>
        </p>
      ) : null}
    </div>
  );
}
