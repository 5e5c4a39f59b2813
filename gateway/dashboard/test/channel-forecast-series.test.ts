import { describe, expect, it } from 'vitest';
import { dayToX } from '../src/pages/channel/calendar.js';
import { growthChartData, HISTORY_DAYS_SHOWN } from '../src/pages/channel/forecast-series.js';

const day = (i: number) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);
const counts = Array.from({ length: 10 }, (_, i) => ({ date: day(i), count: 1000 + 10 * i }));
const forecast = {
  lastDate: day(9),
  lastCount: 1090,
  points: [1, 2, 3].map((k) => ({ date: day(9 + k), value: 1090 + 10 * k, lower80: 1090 + 5 * k, upper80: 1090 + 15 * k, lower95: 1090, upper95: 1090 + 20 * k })),
  baseline: [1, 2, 3].map((k) => ({ date: day(9 + k), value: 1090 + 9 * k })),
};

describe('the growth chart’s data', () => {
  it('draws history, median, both intervals as bands and the baseline, joined at the last counted day', () => {
    const chart = growthChartData(counts, forecast, [{ date: day(4), label: 'changed' }]);
    expect(chart.x).toEqual(Array.from({ length: 13 }, (_, i) => dayToX(day(i))));
    expect(chart.series.map((s) => s.label)).toEqual([
      'Subscribers',
      'Forecast (median)',
      '80 % interval, upper',
      '80 % interval, lower',
      '95 % interval, upper',
      '95 % interval, lower',
      'Baseline (last week’s gains repeated)',
    ]);
    expect(chart.bands).toHaveLength(2);
    expect(chart.bands.map((b) => [chart.series[b.upper]!.label, chart.series[b.lower]!.label])).toEqual([
      ['95 % interval, upper', '95 % interval, lower'],
      ['80 % interval, upper', '80 % interval, lower'],
    ]);
    const [history, median, , , , , baseline] = chart.series;
    expect(history!.values.slice(8)).toEqual([1080, 1090, null, null, null]);
    expect(median!.values.slice(8)).toEqual([null, 1090, 1100, 1110, 1120]);
    expect(baseline!.values.slice(9)).toEqual([1090, 1099, 1108, 1117]);
    expect(chart).toMatchObject({ historyPoints: 10, forecastPoints: 3, markers: [{ at: dayToX(day(4)), label: 'changed' }] });
  });

  it('draws the history alone without a forecast, and leaves out change points before the days drawn', () => {
    const long = Array.from({ length: HISTORY_DAYS_SHOWN + 20 }, (_, i) => ({ date: day(i), count: i }));
    const chart = growthChartData(long, null, [{ date: day(3), label: 'too early' }, { date: day(100), label: 'shown' }]);
    expect(chart.series).toHaveLength(1);
    expect(chart.bands).toEqual([]);
    expect(chart.historyPoints).toBe(HISTORY_DAYS_SHOWN);
    expect(chart.markers.map((m) => m.label)).toEqual(['shown']);
  });
});
