/**
 * Best time to post: the engagement the model expects of the channel's typical post at each
 * hour of the week, from one query (Channel.postingTimes: 168 predictions submitted to the model
 * together; nothing stored, no token). The model thinks in UTC; the grid shows the viewer's hours
 * (each local hour shows the UTC hour it starts in), with the UTC slot in every cell's title and a
 * switch to see the grid in UTC. The three best slots are starred and listed.
 */
import { useMemo, useState } from 'preact/hooks';
import { ChannelPostingTimesDocument } from '../../__generated__/graphql.js';
import { formatChange, formatInteger, formatPercent } from '../../ui/format.js';
import { Heatmap } from '../../ui/heatmap.js';
import { ErrorState, Loading } from '../../ui/states.js';
import { useQuery } from '../../ui/use-query.js';
import { localWeekGrid, offsetLabel, type LocalCell } from './week-grid.js';

/** Monday-first weekday names in the viewer's language (2024-01-01 was a Monday). */
const WEEKDAYS = Array.from({ length: 7 }, (_, i) => new Intl.DateTimeFormat(undefined, { weekday: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 1 + i))));
const LONG_WEEKDAYS = Array.from({ length: 7 }, (_, i) => new Intl.DateTimeFormat(undefined, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 1 + i))));
const pad = (h: number) => String(h).padStart(2, '0');

export function PostingTimes({ id }: { id: string }) {
  const { data, errors, loading, unreachable, retry } = useQuery(ChannelPostingTimesDocument, { id });
  const [utc, setUtc] = useState(false);
  const times = data?.channel?.postingTimes ?? null;
  // The zone's offset now: the grid is for planning the coming week.
  const offset = utc ? 0 : -new Date().getTimezoneOffset();
  const zone = utc ? 'UTC' : `your time, ${offsetLabel(offset)}`;
  const grid = useMemo(() => (times ? localWeekGrid(times.cells, times.best, offset) : null), [times, offset]);

  let body;
  if (!times && loading) body = <Loading what="the predicted engagement by hour" />;
  else if (!times && unreachable) body = <ErrorState title="The gateway is unreachable" error="No answer from the gateway." retry={retry} />;
  else if (!times) body = <ErrorState title="Could not predict the best times" error={errors.length > 0 ? errors : 'No answer came back.'} retry={retry} />;
  else {
    const label = (cell: LocalCell) =>
      `${LONG_WEEKDAYS[cell.localDay]} ${pad(cell.localHour)}:00 (${zone}; ${LONG_WEEKDAYS[cell.dayOfWeek]} ${pad(cell.hourOfDay)}:00 UTC): ${formatPercent(cell.predictedEngagement)} predicted, ${formatChange(cell.predictedEngagement / times.baseline - 1)} against the recent level`;
    body = (
      <>
        <p class="summary" data-testid="best-times" data-best={times.best.map((b) => `${b.dayOfWeek}:${b.hourOfDay}`).join(' ')}>
          Best: {times.best.map((b, i) => {
            const local = grid!.flat().find((c) => c.dayOfWeek === b.dayOfWeek && c.hourOfDay === b.hourOfDay);
            return (
              <span key={i} data-utc-slot={`${b.dayOfWeek}:${b.hourOfDay}`}>
                {i > 0 ? ', ' : ''}
                <strong>{local ? `${WEEKDAYS[local.localDay]} ${pad(local.localHour)}:00` : `${WEEKDAYS[b.dayOfWeek]} ${pad(b.hourOfDay)}:00 UTC`}</strong> ({formatPercent(b.predictedEngagement)})
              </span>
            );
          })}
          . Recent level (median of the last 16 posts): {formatPercent(times.baseline)}.{' '}
          <span class="sub">
            For a post of {formatInteger(times.contentLength)} characters {times.hasMedia ? 'with' : 'without'} media (the channel’s usual), from its last {times.historyLength} posts; model{' '}
            {times.modelName} {times.modelVersion}.
          </span>
        </p>
        <div class="section-tools">
          <label>
            <input type="checkbox" checked={utc} onChange={(e) => setUtc((e.target as HTMLInputElement).checked)} data-testid="heatmap-utc" /> Show in UTC
          </label>
        </div>
        <Heatmap
          rows={WEEKDAYS}
          columns={Array.from({ length: 24 }, (_, h) => pad(h))}
          columnEvery={3}
          cells={grid!.map((row) => row.map((cell) => ({ value: cell.predictedEngagement, label: label(cell), highlight: cell.highlight })))}
          caption={<>Predicted engagement rate by weekday and hour ({zone}); ★ the best three</>}
          format={formatPercent}
          testId="posting-heatmap"
        />
      </>
    );
  }
  return (
    <section class="card" aria-labelledby="times-title" data-testid="posting-times" data-zone-offset={offset}>
      <h2 id="times-title">Best time to post</h2>
      {body}
    </section>
  );
}
