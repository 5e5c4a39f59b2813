/**
 * A time-series chart (uPlot, canvas): lines over a shared time axis, interval bands filled
 * between two of the lines (a forecast's 80 % and 95 % intervals), and vertical markers (change
 * points). The canvas has no text a test or a screen reader can read, so the wrapper says what
 * it drew: `data-series-count`, `data-band-count`, `data-points`, `data-marker-count` on the
 * figure, an `aria-label`, and the legend uPlot renders as HTML. Times on the axis and in the
 * legend are in the viewer's zone (uPlot formats with the local zone).
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  /** Shown in the legend. */
  label: string;
  /** One value per x; null where there is none (a gap). */
  values: readonly (number | null)[];
  /** Line colour (any CSS colour); a palette colour when left out. */
  color?: string;
  /** Line width in CSS pixels; 0 hides the line (a band's edge that should not be drawn). */
  width?: number;
  /** Dash pattern, e.g. [4, 4] for a baseline. */
  dash?: number[];
  /** Points instead of a line (observed values). */
  points?: boolean;
  /** False: left out of the legend (a band's edges, described by the band's series). Default true. */
  legend?: boolean;
}

export interface ChartBand {
  /** Index into `series` of the band's upper edge. */
  upper: number;
  /** Index into `series` of the band's lower edge. */
  lower: number;
  /** Fill (any CSS colour, usually translucent). */
  fill: string;
}

export interface ChartMarker {
  /** Where, in the same unit as `x` (seconds since the epoch). */
  at: number;
  /** What happened there (legend-free: read by the tests and the tooltip list below the chart). */
  label: string;
  color?: string;
}

export interface TimeChartProps {
  /** Times of the points, seconds since the epoch, ascending. */
  x: readonly number[];
  series: readonly ChartSeries[];
  bands?: readonly ChartBand[];
  markers?: readonly ChartMarker[];
  /** What the chart shows, for screen readers (aria-label). */
  title: string;
  height?: number;
  /** Label of the y axis. */
  yLabel?: string;
  /** Formats y values on the axis and in the legend. */
  formatY?: (value: number) => string;
  /** `data-testid` of the figure. */
  testId?: string;
}

const PALETTE = ['#1f5fbf', '#b3541e', '#2e7d32', '#6a3d9a', '#a61e4d', '#00796b'];

/** The uPlot options and data for the props (exported for unit tests: no DOM needed). */
export function chartConfig(props: TimeChartProps, width: number): { options: uPlot.Options; data: uPlot.AlignedData } {
  const { series, bands = [], markers = [] } = props;
  const formatY = props.formatY;
  const options: uPlot.Options = {
    width,
    height: props.height ?? 280,
    series: [
      {},
      ...series.map((s, i): uPlot.Series => ({
        label: s.label,
        stroke: s.color ?? PALETTE[i % PALETTE.length]!,
        width: s.width ?? 1.5,
        ...(s.dash ? { dash: s.dash } : {}),
        ...(s.points ? { paths: () => null, points: { show: true, size: 4, fill: s.color ?? PALETTE[i % PALETTE.length]! } } : { points: { show: false } }),
        spanGaps: false,
        ...(formatY ? { value: (_u: uPlot, v: number | null) => (v === null ? '—' : formatY(v)) } : {}),
      })),
    ],
    // uPlot's series indices start at 1 (0 is x).
    bands: bands.map((b) => ({ series: [b.upper + 1, b.lower + 1], fill: b.fill })),
    axes: [{}, { ...(props.yLabel ? { label: props.yLabel } : {}), ...(formatY ? { values: (_u: uPlot, splits: number[]) => splits.map(formatY) } : {}), size: 64 }],
    scales: { x: { time: true } },
    legend: { show: true },
    cursor: { drag: { x: false, y: false } },
    hooks: {
      draw: [
        (u) => {
          if (markers.length === 0) return;
          const { ctx, bbox } = u;
          ctx.save();
          ctx.setLineDash([5, 4]);
          ctx.lineWidth = Math.max(1, devicePixelRatio);
          for (const marker of markers) {
            const x = Math.round(u.valToPos(marker.at, 'x', true));
            if (x < bbox.left || x > bbox.left + bbox.width) continue;
            ctx.strokeStyle = marker.color ?? '#8a1c1c';
            ctx.beginPath();
            ctx.moveTo(x, bbox.top);
            ctx.lineTo(x, bbox.top + bbox.height);
            ctx.stroke();
          }
          ctx.restore();
        },
      ],
    },
  };
  const data = [Array.from(props.x), ...series.map((s) => Array.from(s.values))] as uPlot.AlignedData;
  return { options, data };
}

/**
 * The chart; drawn again when `x`, `series`, `bands` or `markers` change by identity (memoize
 * them, e.g. with useMemo, so a parent's re-render does not redraw it), resized with its container.
 */
export function TimeChart(props: TimeChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const width = Math.max(240, el.clientWidth);
    const { options, data } = chartConfig(props, width);
    plot.current?.destroy();
    plot.current = new uPlot(options, data, el);
    // uPlot has no per-series legend switch: the rows of series kept out of it are hidden (row 0 is the time).
    const rows = el.querySelectorAll<HTMLElement>('.u-legend .u-series');
    props.series.forEach((s, i) => {
      if (s.legend === false && rows[i + 1]) rows[i + 1]!.style.display = 'none';
    });
    return () => {
      plot.current?.destroy();
      plot.current = null;
    };
  }, [props.x, props.series, props.bands, props.markers, props.height, props.title]);

  useEffect(() => {
    const el = container.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      const width = Math.max(240, el.clientWidth);
      if (plot.current && Math.abs(plot.current.width - width) > 1) plot.current.setSize({ width, height: props.height ?? 280 });
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [props.height]);

  const markers = props.markers ?? [];
  return (
    <figure
      class="time-chart"
      role="img"
      aria-label={props.title}
      data-testid={props.testId}
      data-series-count={props.series.length}
      data-band-count={(props.bands ?? []).length}
      data-points={props.x.length}
      data-marker-count={markers.length}
    >
      <div ref={container} class="time-chart-canvas" />
      {markers.length > 0 ? (
        <figcaption class="chart-markers">
          Marked:{' '}
          {markers.map((m, i) => (
            <span key={i} class="chart-marker" data-marker-at={m.at}>
              {m.label}
              {i < markers.length - 1 ? ', ' : ''}
            </span>
          ))}
        </figcaption>
      ) : null}
    </figure>
  );
}
