/**
 * A small inline trend line (SVG, no chart library): the shape of a series at a glance, e.g. a
 * channel's subscribers over 30 days in the Channels table. `data-points` says how many values
 * were drawn; the label says what it shows for screen readers.
 */

export interface SparklineProps {
  values: readonly (number | null | undefined)[];
  /** What the line shows, read by screen readers (and the tooltip). */
  label: string;
  width?: number;
  height?: number;
  /** Stroke colour; rising and falling series get the theme's colours when left out. */
  color?: string;
}

export function Sparkline({ values, label, width = 120, height = 28, color }: SparklineProps) {
  const points = values.map((v, i) => [i, v] as const).filter((p): p is readonly [number, number] => typeof p[1] === 'number' && Number.isFinite(p[1]));
  if (points.length < 2) {
    return (
      <span class="sparkline sparkline-empty" data-points={points.length} title={`${label}: not enough data`}>
        —
      </span>
    );
  }
  const ys = points.map((p) => p[1]);
  const min = Math.min(...ys);
  const max = Math.max(...ys);
  const span = max - min || 1;
  const last = values.length - 1 || 1;
  const pad = 2;
  const coords = points.map(([i, v]) => `${((i / last) * (width - 2 * pad) + pad).toFixed(1)},${(height - pad - ((v - min) / span) * (height - 2 * pad)).toFixed(1)}`);
  const rising = ys[ys.length - 1]! >= ys[0]!;
  return (
    <svg class="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} data-points={points.length} data-trend={rising ? 'up' : 'down'}>
      <title>{label}</title>
      <polyline points={coords.join(' ')} fill="none" stroke={color ?? (rising ? 'var(--up)' : 'var(--down)')} stroke-width="1.5" stroke-linejoin="round" />
    </svg>
  );
}
