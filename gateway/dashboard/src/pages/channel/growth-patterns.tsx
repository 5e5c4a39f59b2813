/**
 * What the channel's subscriber history shows (Channel.growthPatterns): the trend (recent daily
 * and weekly growth, against the weeks before), the weekly seasonality (how much of the day-to-
 * day variation the weekday explains, and each weekday's effect), the change points (also marked
 * on the chart) and the anomalous days.
 */
import type { ChannelGrowthQuery, GrowthDirection, Weekday } from '../../__generated__/graphql.js';
import { formatChange, formatDate, formatDecimal, formatInteger } from '../../ui/format.js';

type Patterns = NonNullable<NonNullable<ChannelGrowthQuery['channel']>['growthPatterns']>;

const DIRECTION: Record<GrowthDirection, string> = {
  ACCELERATING: 'accelerating',
  SLOWING: 'slowing',
  STEADY: 'steady',
  UNKNOWN: 'too little history to compare',
};

const weekdayName = (w: Weekday | null) => (w ? w.charAt(0) + w.slice(1).toLowerCase() : '—');
/** Daily rates and weekday effects are fractions of a percent: two decimals (0.0012 as +0.12 %). */
const finePercent = new Intl.NumberFormat(undefined, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' });
const rate = (r: number) => finePercent.format(r);
const gain = (g: number) => `${g >= 0 ? '+' : ''}${formatInteger(g)}`;

export function GrowthPatternsView({ patterns }: { patterns: Patterns }) {
  const { trend, seasonality, changePoints, anomalies } = patterns;
  const maxEffect = Math.max(1e-9, ...seasonality.weekdays.map((d) => Math.abs(d.effect)));
  return (
    <div
      class="patterns-grid"
      data-testid="growth-patterns"
      data-trend-direction={trend.direction}
      data-change-points={changePoints.length}
      data-anomaly-count={anomalies.length}
      data-seasonality-strength={seasonality.strength}
      data-days={patterns.days}
    >
      <div class="pattern-block" data-testid="growth-trend">
        <h4>Trend</h4>
        <p>
          <span class={`pill pill-${trend.direction.toLowerCase()}`}>{DIRECTION[trend.direction]}</span>
        </p>
        <dl class="facts">
          <dt>Daily growth, last {trend.recentDays} days</dt>
          <dd>{rate(trend.dailyGrowthRate)} a day ({gain(trend.dailyGain)} subscribers)</dd>
          <dt>Weekly</dt>
          <dd>{formatChange(trend.weeklyGrowthRate)}</dd>
          <dt>The {trend.recentDays} days before</dt>
          <dd>{trend.previousDailyGrowthRate === null ? '—' : `${rate(trend.previousDailyGrowthRate)} a day`}</dd>
        </dl>
        <p class="sub">
          From {formatDate(patterns.from)} to {formatDate(patterns.to)} ({patterns.days} days).
        </p>
      </div>
      <div class="pattern-block" data-testid="growth-seasonality">
        <h4>Weekly seasonality</h4>
        <p>
          Strength <strong>{formatDecimal(seasonality.strength, 2)}</strong>
          <span class="sub">0: the weekday explains nothing; 1: all of the day-to-day variation.</span>
        </p>
        {seasonality.bestWeekday ? (
          <p>
            Best day {weekdayName(seasonality.bestWeekday)}, worst {weekdayName(seasonality.worstWeekday)}.
          </p>
        ) : (
          <p class="sub">No weekday stands out.</p>
        )}
        <table class="weekday-effects">
          <caption class="visually-hidden">Each weekday's effect on the daily growth rate and its median gain</caption>
          <tbody>
            {seasonality.weekdays.map((d) => (
              <tr key={d.weekday} data-weekday={d.weekday} data-effect={d.effect}>
                <th scope="row">{weekdayName(d.weekday).slice(0, 3)}</th>
                <td class="effect-bar-cell">
                  <span class={`effect-bar ${d.effect >= 0 ? 'up' : 'down'}`} style={{ width: `${(Math.abs(d.effect) / maxEffect) * 100}%` }} />
                </td>
                <td class="numeric" title="effect on the daily growth rate, relative to its week">
                  {rate(d.effect)}
                </td>
                <td class="numeric sub" title="median subscribers gained on this weekday">
                  {gain(d.medianGain)}/day
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="pattern-block" data-testid="growth-change-points">
        <h4>Change points</h4>
        {changePoints.length === 0 ? (
          <p class="sub">None: the daily growth rate held its course (a steady drift is no change point).</p>
        ) : (
          <ul class="plain-list">
            {changePoints.map((c) => (
              <li key={c.date} data-change-point={c.date}>
                <strong>{formatDate(c.date)}</strong>: {rate(c.rateBefore)} → {rate(c.rateAfter)} a day ({gain(c.gainBefore)} → {gain(c.gainAfter)} subscribers)
              </li>
            ))}
          </ul>
        )}
      </div>
      <div class="pattern-block" data-testid="growth-anomalies">
        <h4>Unusual days</h4>
        {anomalies.length === 0 ? (
          <p class="sub">No burst or drop beyond the usual day-to-day noise.</p>
        ) : (
          <ul class="plain-list">
            {anomalies.map((a) => (
              <li key={a.date} data-anomaly={a.date} data-kind={a.kind}>
                <strong>{formatDate(a.date)}</strong>: {a.kind === 'BURST' ? 'burst' : 'drop'} of {gain(a.excess)} against a usual {gain(a.expectedGain)} (z {formatDecimal(a.score, 1)})
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
