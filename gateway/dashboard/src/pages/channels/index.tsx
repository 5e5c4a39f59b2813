/**
 * The Channels page: every channel with its latest subscribers, 30-day growth, the engagement
 * predicted for its next post against its recent level, and its open growth alerts; sortable by
 * each column, searchable by title or id. One request through the gateway for the whole table.
 */
import { useMemo, useState } from 'preact/hooks';
import { ChannelsTableDocument } from '../../__generated__/graphql.js';
import { routeHref } from '../../router.js';
import { formatChange, formatDate, formatInteger, formatPercent } from '../../ui/format.js';
import { Sparkline } from '../../ui/sparkline.js';
import { Empty, ErrorState, Loading } from '../../ui/states.js';
import { useQuery } from '../../ui/use-query.js';
import { GROWTH_WINDOW_DAYS, searchRows, sortRows, toRow, type ChannelRow, type SortDirection, type SortKey } from './rows.js';

/** How many channels the table asks for (listChannels' most recently active first). */
export const CHANNELS_LIMIT = 200;

const COLUMNS: { key: SortKey; label: string; numeric: boolean }[] = [
  { key: 'title', label: 'Channel', numeric: false },
  { key: 'subscribers', label: 'Subscribers', numeric: true },
  { key: 'growthChange', label: `Growth, ${GROWTH_WINDOW_DAYS} days`, numeric: true },
  { key: 'predicted', label: 'Predicted engagement, next post', numeric: true },
  { key: 'predictedVsRecent', label: 'vs recent level', numeric: true },
  { key: 'alerts', label: 'Open alerts', numeric: true },
];

export function ChannelsPage() {
  const { data, errors, loading, unreachable, retry } = useQuery(ChannelsTableDocument, { limit: CHANNELS_LIMIT });
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; direction: SortDirection }>({ key: 'subscribers', direction: 'descending' });
  const rows = useMemo(() => (data?.listChannels ?? []).map(toRow), [data]);
  const shown = useMemo(() => sortRows(searchRows(rows, search), sort.key, sort.direction), [rows, search, sort]);

  const toggle = (key: SortKey) =>
    setSort((current) => (current.key === key ? { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' } : { key, direction: key === 'title' ? 'ascending' : 'descending' }));

  let body;
  if (data === null && loading) body = <Loading what="the channels" />;
  else if (data === null && unreachable) body = <ErrorState title="The gateway is unreachable" error="No answer from the gateway." retry={retry} />;
  else if (data?.listChannels == null && errors.length > 0) body = <ErrorState title="Could not load the channels" error={errors} retry={retry} />;
  else if (rows.length === 0)
    body = <Empty what="No channels yet." hint="`pnpm start` seeds demo channels into an empty database; `pnpm seed` adds more, or ingest your own through the API (upsertChannel, ingestPosts)." />;
  else
    body = (
      <>
        {errors.length > 0 ? (
          <p class="banner banner-warning" role="status" data-testid="partial-errors">
            Some columns are missing: {errors.map((e) => e.message).join('; ')}
          </p>
        ) : null}
        <table class="data-table channels-table" data-testid="channels-table" data-row-count={shown.length}>
          <caption class="visually-hidden">Channels, sorted by {COLUMNS.find((c) => c.key === sort.key)!.label} ({sort.direction})</caption>
          <thead>
            <tr>
              {COLUMNS.map((column) => (
                <th key={column.key} scope="col" class={column.numeric ? 'numeric' : undefined} aria-sort={sort.key === column.key ? sort.direction : 'none'}>
                  <button type="button" class="sort-button" data-sort-key={column.key} onClick={() => toggle(column.key)}>
                    {column.label}
                    <span aria-hidden="true">{sort.key === column.key ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ''}</span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <Row key={row.id} row={row} />
            ))}
          </tbody>
        </table>
        {shown.length === 0 ? <Empty what={`No channel matches “${search}”.`} hint="Search looks in titles and ids; clear the box to see every channel." /> : null}
      </>
    );

  return (
    <section aria-labelledby="channels-title" class="page" data-testid="channels-page">
      <div class="page-head">
        <h1 id="channels-title">Channels</h1>
        <div class="search">
          <label for="channel-search">Search channels</label>
          <input id="channel-search" type="search" value={search} placeholder="title or id" onInput={(e) => setSearch((e.target as HTMLInputElement).value)} data-testid="channel-search" />
        </div>
      </div>
      {body}
    </section>
  );
}

const ALERT_WORDS = { CHANGE_POINT: 'growth changed course', BURST: 'burst of subscribers', DROP: 'drop in subscribers' } as const;

function Row({ row }: { row: ChannelRow }) {
  const alertText = row.alerts.map((a) => `${ALERT_WORDS[a.kind]} on ${formatDate(a.date)}`).join('\n');
  const newest = row.alerts[0];
  return (
    <tr
      data-channel-id={row.id}
      data-subscribers={row.subscribers ?? ''}
      data-predicted={row.predicted ?? ''}
      data-baseline={row.baseline ?? ''}
      data-growth-points={row.growth.length}
      data-alert-count={row.alerts.length}
    >
      <th scope="row">
        <a href={routeHref({ page: 'channel', id: row.id })}>{row.title}</a>
        {row.title !== row.id ? <span class="sub">{row.id}</span> : null}
      </th>
      <td class="numeric">
        {formatInteger(row.subscribers)}
        {row.subscribersDate ? <span class="sub">on {formatDate(row.subscribersDate)}</span> : null}
      </td>
      <td class="numeric" data-growth-change={row.growthChange ?? ''}>
        <span class="growth-cell">
          <Sparkline values={row.growth} label={`Subscribers of ${row.title} over the ${row.growth.length} days up to the latest count`} />
          <span>{formatChange(row.growthChange)}</span>
        </span>
      </td>
      <td class="numeric" title={row.confidence === null ? undefined : `confidence ${formatPercent(row.confidence)}`}>
        {formatPercent(row.predicted)}
      </td>
      <td class={`numeric ${row.predictedVsRecent === null ? '' : row.predictedVsRecent >= 0 ? 'up' : 'down'}`} title={row.baseline === null ? undefined : `recent level (median of the last 16 posts): ${formatPercent(row.baseline)}`}>
        {formatChange(row.predictedVsRecent)}
      </td>
      <td class="numeric" title={alertText || 'No growth anomaly or change point in the last 14 days'}>
        {newest ? (
          <>
            <span class="pill pill-alert">{row.alerts.length}</span>
            <span class="sub">
              {ALERT_WORDS[newest.kind]}, {formatDate(newest.date)}
              {row.alerts.length > 1 ? ` (+${row.alerts.length - 1} more)` : ''}
            </span>
          </>
        ) : (
          <span class="sub">none</span>
        )}
      </td>
    </tr>
  );
}
