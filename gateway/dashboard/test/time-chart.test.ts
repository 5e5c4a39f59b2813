import { describe, expect, it } from 'vitest';
import { chartConfig } from '../src/ui/time-chart.js';

describe('the time chart’s uPlot configuration', () => {
  const x = [1_700_000_000, 1_700_086_400, 1_700_172_800];
  const props = {
    title: 'a forecast',
    x,
    series: [
      { label: 'median', values: [1, 2, 3] },
      { label: 'upper 80 %', values: [2, 3, 4], width: 0, legend: false },
      { label: 'lower 80 %', values: [0, 1, 2], width: 0, legend: false },
    ],
    bands: [{ upper: 1, lower: 2, fill: 'rgba(0,0,255,0.2)' }],
  };

  it('puts the times first and every series after them, in order', () => {
    const { data, options } = chartConfig(props, 800);
    expect(data).toEqual([x, [1, 2, 3], [2, 3, 4], [0, 1, 2]]);
    expect(options.series.map((s) => s.label)).toEqual([undefined, 'median', 'upper 80 %', 'lower 80 %']);
    expect(options.width).toBe(800);
  });

  it('fills bands between the series they name (uPlot counts from the time axis)', () => {
    expect(chartConfig(props, 800).options.bands).toEqual([{ series: [2, 3], fill: 'rgba(0,0,255,0.2)' }]);
  });

  it('draws a band’s edges with no line when asked, and keeps gaps as gaps', () => {
    const { options } = chartConfig(props, 800);
    expect(options.series[2]).toMatchObject({ width: 0, spanGaps: false });
  });
});
