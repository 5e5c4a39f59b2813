/**
 * The growth chart's data: the channel's subscriber counts, then the forecast from its latest
 * counted day (median, 80 % and 95 % intervals as bands, the seasonal-naive baseline's path), and
 * the change points growthPatterns found, as vertical markers. Pure, so it is tested without a
 * browser; the chart draws what it returns.
 */
import type { ChartBand, ChartMarker, ChartSeries } from '../../ui/time-chart.js';
import { dayToX } from './calendar.js';

export interface DayCount {
  date: string;
  count: number;
}

export interface ForecastInput {
  lastDate: string;
  lastCount: number;
  points: readonly { date: string; value: number; lower80: number; upper80: number; lower95: number; upper95: number }[];
  baseline: readonly { date: string; value: number }[];
}

export interface GrowthChartData {
  x: number[];
  series: ChartSeries[];
  bands: ChartBand[];
  markers: ChartMarker[];
  /** Counted days drawn (the history's points). */
  historyPoints: number;
  /** Forecast days drawn. */
  forecastPoints: number;
}

/** Days of history drawn before the forecast: enough to see the trend the forecast continues. */
export const HISTORY_DAYS_SHOWN = 180;

export const GROWTH_COLORS = { history: '#1a1d21', median: '#1f5fbf', baseline: '#b3541e', band80: 'rgba(31, 95, 191, 0.30)', band95: 'rgba(31, 95, 191, 0.13)', changePoint: '#8a1c1c' };

/**
 * Series, in order: subscribers (history), forecast median, 80 % upper and lower, 95 % upper and
 * lower (edges not drawn: the bands show them), baseline. The forecast lines start at the last
 * counted day (at its count) so they join the history. Without a forecast: the history alone.
 * Change points outside the drawn days are left out.
 */
export function growthChartData(counts: readonly DayCount[], forecast: ForecastInput | null, changePoints: readonly { date: string; label: string }[]): GrowthChartData {
  const history = [...counts].sort((a, b) => a.date.localeCompare(b.date)).slice(-HISTORY_DAYS_SHOWN);
  const days = new Map<string, number>();
  const dayList: string[] = [];
  const addDay = (day: string) => {
    if (!days.has(day)) days.set(day, dayList.push(day) - 1);
  };
  for (const c of history) addDay(c.date);
  if (forecast) {
    addDay(forecast.lastDate);
    for (const p of forecast.points) addDay(p.date);
    for (const p of forecast.baseline) addDay(p.date);
  }
  dayList.sort();
  dayList.forEach((day, i) => days.set(day, i));
  const column = () => new Array<number | null>(dayList.length).fill(null);

  const subscribers = column();
  for (const c of history) subscribers[days.get(c.date)!] = c.count;
  const series: ChartSeries[] = [{ label: 'Subscribers', values: subscribers, color: GROWTH_COLORS.history, width: 2 }];
  const bands: ChartBand[] = [];
  if (forecast) {
    const [median, upper80, lower80, upper95, lower95, baseline] = [column(), column(), column(), column(), column(), column()];
    const start = days.get(forecast.lastDate)!;
    for (const s of [median, upper80, lower80, upper95, lower95, baseline]) s[start] = forecast.lastCount;
    for (const p of forecast.points) {
      const i = days.get(p.date)!;
      median[i] = p.value;
      upper80[i] = p.upper80;
      lower80[i] = p.lower80;
      upper95[i] = p.upper95;
      lower95[i] = p.lower95;
    }
    for (const p of forecast.baseline) baseline[days.get(p.date)!] = p.value;
    series.push(
      { label: 'Forecast (median)', values: median, color: GROWTH_COLORS.median, width: 2 },
      { label: '80 % interval, upper', values: upper80, color: GROWTH_COLORS.median, width: 0 },
      { label: '80 % interval, lower', values: lower80, color: GROWTH_COLORS.median, width: 0 },
      { label: '95 % interval, upper', values: upper95, color: GROWTH_COLORS.median, width: 0 },
      { label: '95 % interval, lower', values: lower95, color: GROWTH_COLORS.median, width: 0 },
      { label: 'Baseline (last week’s gains repeated)', values: baseline, color: GROWTH_COLORS.baseline, width: 1.5, dash: [6, 4] },
    );
    // The wider band first, so the 80 % band is drawn over it.
    bands.push({ upper: 4, lower: 5, fill: GROWTH_COLORS.band95 }, { upper: 2, lower: 3, fill: GROWTH_COLORS.band80 });
  }
  const first = dayList[0];
  const last = dayList[dayList.length - 1];
  const markers = changePoints
    .filter((c) => first !== undefined && last !== undefined && c.date >= first && c.date <= last)
    .map((c) => ({ at: dayToX(c.date), label: c.label, color: GROWTH_COLORS.changePoint }));
  return { x: dayList.map(dayToX), series, bands, markers, historyPoints: history.length, forecastPoints: forecast?.points.length ?? 0 };
}
