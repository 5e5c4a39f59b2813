/**
 * Engagement history against what was predicted: the channel's latest posts, each with the rate
 * it got and the rate the engagement model would have predicted for it just before it went out
 * (from the posts before it only: Channel.engagementBacktest), with the rolling-16 baseline for
 * comparison and both mean errors. The table lists the same posts, newest first, with their times
 * in the viewer's zone (UTC on hover).
 */
import { useMemo } from 'preact/hooks';
import { ChannelEngagementHistoryDocument } from '../../__generated__/graphql.js';
import { formatPercent } from '../../ui/format.js';
import { Empty, ErrorState, Loading } from '../../ui/states.js';
import { Time } from '../../ui/time.js';
import { TimeChart } from '../../ui/time-chart.js';
import { useQuery } from '../../ui/use-query.js';
import { engagementChartData } from './engagement-series.js';

/** Posts replayed: of the 32 recent posts, the latest 24, so each is predicted from at least 8 before it (Channel.engagementBacktest allows 28, the oldest from 4). */
export const REPLAYED_POSTS = 24;

export function EngagementHistory({ id }: { id: string }) {
  const { data, errors, loading, unreachable, retry } = useQuery(ChannelEngagementHistoryDocument, { id, posts: REPLAYED_POSTS });
  const backtest = data?.channel?.engagementBacktest ?? null;
  const chart = useMemo(() => (backtest ? engagementChartData(backtest.posts) : null), [backtest]);

  let body;
  if (!backtest && loading) body = <Loading what="the engagement history" />;
  else if (!backtest && unreachable) body = <ErrorState title="The gateway is unreachable" error="No answer from the gateway." retry={retry} />;
  else if (!backtest) body = <ErrorState title="Could not replay the engagement model" error={errors.length > 0 ? errors : 'No answer came back.'} retry={retry} />;
  else if (backtest.posts.length === 0)
    body = <Empty what="Not enough posts to compare yet." hint="Each post is predicted from the posts before it; it takes at least 5 posts to have one to show." />;
  else {
    const better = backtest.mae !== null && backtest.baselineMae !== null ? backtest.mae <= backtest.baselineMae : null;
    body = (
      <>
        <p class="summary" data-testid="engagement-errors" data-mae={backtest.mae ?? ''} data-baseline-mae={backtest.baselineMae ?? ''}>
          Over the last {backtest.posts.length} posts the model was off by <strong>{formatPercent(backtest.mae)}</strong> on average (points of engagement rate), the baseline by{' '}
          <strong>{formatPercent(backtest.baselineMae)}</strong>
          {better === null ? '.' : better ? ': the model did better.' : ': the baseline did better on these posts.'}{' '}
          <span class="sub">
            Model {backtest.modelName} {backtest.modelVersion}; each post predicted from the posts before it only, as just before it went out.
          </span>
        </p>
        <TimeChart
          x={chart!.x}
          series={chart!.series}
          title={`Engagement rate of the channel's last ${backtest.posts.length} posts: observed, predicted before posting, and the baseline`}
          yLabel="Engagement rate"
          formatY={formatPercent}
          height={260}
          testId="engagement-chart"
        />
        <details class="post-table">
          <summary>The {backtest.posts.length} posts, newest first</summary>
          <table class="data-table" data-testid="engagement-posts">
            <thead>
              <tr>
                <th scope="col">Posted</th>
                <th scope="col" class="numeric">
                  Observed
                </th>
                <th scope="col" class="numeric">
                  Predicted
                </th>
                <th scope="col" class="numeric">
                  Baseline
                </th>
                <th scope="col" class="numeric">
                  Posts read
                </th>
              </tr>
            </thead>
            <tbody>
              {[...backtest.posts].reverse().map((p) => (
                <tr key={p.postId} data-post-id={p.postId} data-observed={p.observedEngagement} data-predicted={p.predictedEngagement} data-baseline={p.baseline}>
                  <td>
                    <Time value={p.postedAt} />
                  </td>
                  <td class="numeric">{formatPercent(p.observedEngagement)}</td>
                  <td class="numeric" title={`confidence ${formatPercent(p.confidence)}`}>
                    {formatPercent(p.predictedEngagement)}
                  </td>
                  <td class="numeric">{formatPercent(p.baseline)}</td>
                  <td class="numeric">{p.historyLength}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </>
    );
  }
  return (
    <section class="card" aria-labelledby="engagement-title" data-testid="engagement-history" data-post-count={backtest?.posts.length ?? ''}>
      <h2 id="engagement-title">Engagement: observed against predicted</h2>
      {body}
    </section>
  );
}
