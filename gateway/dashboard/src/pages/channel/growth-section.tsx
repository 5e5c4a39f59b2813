/**
 * Subscriber growth: the forecast chart (history, median, 80 % and 95 % bands, the baseline's
 * path, change points marked) with a summary of where the forecast ends, then the growth
 * patterns (trend, weekly seasonality, change points, anomalous days). The forecast and the
 * patterns can each fail on their own (too short a history, a model down): each says so in its
 * place while the rest shows.
 */
import { useMemo, useState } from 'preact/hooks';
import { ChannelGrowthDocument, type ChannelGrowthQuery } from '../../__generated__/graphql.js';
import { formatDate, formatInteger } from '../../ui/format.js';
import { Empty, ErrorState, Loading } from '../../ui/states.js';
import { Time } from '../../ui/time.js';
import { TimeChart } from '../../ui/time-chart.js';
import { useQuery } from '../../ui/use-query.js';
import { growthChartData } from './forecast-series.js';
import { GrowthPatternsView } from './growth-patterns.js';
import { errorsAt, historyTooShort } from './section-errors.js';

/** Horizons offered: a week, two, and the model's longest (30 days). */
const HORIZONS = [7, 14, 30] as const;

type Forecast = NonNullable<NonNullable<ChannelGrowthQuery['channel']>['growthForecast']>;

export function GrowthSection({ id }: { id: string }) {
  const [days, setDays] = useState<number>(30);
  const { data, errors, loading, unreachable, retry } = useQuery(ChannelGrowthDocument, { id, days });
  const channel = data?.channel ?? null;
  const forecastErrors = errorsAt(errors, 'growthForecast');
  const patternErrors = errorsAt(errors, 'growthPatterns');
  const chart = useMemo(
    () =>
      channel
        ? growthChartData(
            channel.subscriberCounts,
            channel.growthForecast,
            (channel.growthPatterns?.changePoints ?? []).map((c) => ({ date: c.date, label: `growth changed course on ${formatDate(c.date)}` })),
          )
        : null,
    [channel],
  );

  let body;
  if (!channel && loading) body = <Loading what="the subscriber history and forecast" />;
  else if (!channel && unreachable) body = <ErrorState title="The gateway is unreachable" error="No answer from the gateway." retry={retry} />;
  else if (!channel) body = <ErrorState title="Could not load the growth" error={errors} retry={retry} />;
  else if (channel.subscriberCounts.length === 0)
    body = <Empty what="No subscriber counts yet." hint="Ingest daily counts (ingestSubscriberCounts); the forecast needs a few weeks of them." />;
  else
    body = (
      <>
        <div class="section-tools">
          <label for="forecast-days">Forecast</label>
          <select id="forecast-days" value={days} onChange={(e) => setDays(Number((e.target as HTMLSelectElement).value))} data-testid="forecast-days">
            {HORIZONS.map((h) => (
              <option key={h} value={h}>
                {h} days
              </option>
            ))}
          </select>
          {loading ? <span class="sub" role="status">updating…</span> : null}
        </div>
        <div
          data-testid="growth-forecast"
          data-history-points={chart!.historyPoints}
          data-forecast-points={chart!.forecastPoints}
          data-change-points={chart!.markers.length}
          data-forecast-id={channel.growthForecast?.id ?? ''}
        >
          <TimeChart
            x={chart!.x}
            series={chart!.series}
            bands={chart!.bands}
            markers={chart!.markers}
            title={`Subscribers of the channel: ${chart!.historyPoints} counted days${channel.growthForecast ? `, then a ${channel.growthForecast.days}-day forecast with 80 % and 95 % intervals and the baseline` : ''}; change points marked`}
            yLabel="Subscribers"
            formatY={formatInteger}
            height={320}
            testId="growth-chart"
          />
        </div>
        {channel.growthForecast ? (
          <ForecastSummary forecast={channel.growthForecast} />
        ) : (
          <ForecastMissing errors={forecastErrors} retry={retry} />
        )}
        <h3>Growth patterns</h3>
        {channel.growthPatterns ? (
          <GrowthPatternsView patterns={channel.growthPatterns} />
        ) : (
          <PatternsMissing errors={patternErrors} retry={retry} />
        )}
      </>
    );

  return (
    <section class="card" aria-labelledby="growth-title" data-testid="growth-section">
      <h2 id="growth-title">Subscriber growth</h2>
      {body}
    </section>
  );
}

function ForecastSummary({ forecast }: { forecast: Forecast }) {
  const end = forecast.points[forecast.points.length - 1];
  const baselineEnd = forecast.baseline[forecast.baseline.length - 1];
  if (!end) return null;
  return (
    <p class="summary" data-testid="forecast-summary" data-forecast-median={end.value} data-forecast-days={forecast.days} data-model-version={forecast.modelVersion}>
      On <strong>{formatDate(end.date)}</strong>, {forecast.days} days after the latest count ({formatInteger(forecast.lastCount)} on {formatDate(forecast.lastDate)}): median{' '}
      <strong>{formatInteger(end.value)}</strong>, 80 % between {formatInteger(end.lower80)} and {formatInteger(end.upper80)}, 95 % between {formatInteger(end.lower95)} and{' '}
      {formatInteger(end.upper95)}
      {baselineEnd ? <> (baseline: {formatInteger(baselineEnd.value)})</> : null}.{' '}
      <span class="sub">
        Model {forecast.modelName} {forecast.modelVersion}, from {forecast.historyDays} days of history; forecast made <Time value={forecast.createdAt} />.
      </span>
    </p>
  );
}

function ForecastMissing({ errors, retry }: { errors: ChannelGrowthErrors; retry: () => void }) {
  const short = historyTooShort(errors);
  if (short)
    return (
      <Empty
        what={`No forecast yet: the channel has ${short.days} days of subscriber counts, the model needs ${short.needed}.`}
        hint={`Come back after ${short.needed - short.days} more days of counts; the history above is all there is.`}
      />
    );
  return <ErrorState title="The forecast could not be made" error={errors.length > 0 ? errors : 'No forecast came back.'} retry={retry} />;
}

function PatternsMissing({ errors, retry }: { errors: ChannelGrowthErrors; retry: () => void }) {
  const short = historyTooShort(errors);
  if (short) return <Empty what={`Growth patterns need ${short.needed} days of counts; the channel has ${short.days}.`} hint="They appear by themselves once there are enough." />;
  return <ErrorState title="The growth patterns could not be computed" error={errors.length > 0 ? errors : 'No patterns came back.'} retry={retry} />;
}

type ChannelGrowthErrors = ReturnType<typeof errorsAt>;
