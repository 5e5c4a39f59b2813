/**
 * The Channel page (`#/channels/<id>`): what a channel owner decides from. Its head (title,
 * subscribers, posts), then one section per question, each with its own query so each loads,
 * fails and retries on its own (the content model's analysis never holds the forecast back):
 * how will it grow (forecast and growth patterns), how good are the engagement predictions on
 * its own posts, when to post, what its posts are made of, and how a draft would do. Every
 * section's queries are anonymous reads: nothing here needs a token.
 */
import { ChannelHeadDocument } from '../../__generated__/graphql.js';
import './channel.css';
import { routeHref } from '../../router.js';
import { formatDate, formatInteger } from '../../ui/format.js';
import { Empty, ErrorState, Loading, UnreachableBanner, errorCode } from '../../ui/states.js';
import { Time } from '../../ui/time.js';
import { useQuery } from '../../ui/use-query.js';
import { ContentPatterns } from './content-patterns.js';
import { DraftBox } from './draft-box.js';
import { EngagementHistory } from './engagement-history.js';
import { GrowthSection } from './growth-section.js';
import { PostingTimes } from './posting-times.js';

export function ChannelPage({ id }: { id: string }) {
  const { data, errors, loading, unreachable, retry } = useQuery(ChannelHeadDocument, { id });
  const channel = data?.channel ?? null;
  const back = <a href={routeHref({ page: 'channels' })}>← All channels</a>;

  if (!channel) {
    let state;
    if (loading) state = <Loading what="the channel" />;
    else if (unreachable) state = <ErrorState title="The gateway is unreachable" error="No answer from the gateway." retry={retry} />;
    else if (errorCode(errors) === 'NOT_FOUND' || errors.length === 0) state = <Empty what={`There is no channel “${id}”.`} hint={back} />;
    else state = <ErrorState title="Could not load the channel" error={errors} retry={retry} />;
    return (
      <section class="page" aria-labelledby="channel-title" data-testid="channel-page" data-channel-id={id} data-state={loading ? 'loading' : 'missing'}>
        <p class="crumbs">{back}</p>
        <h1 id="channel-title">Channel {id}</h1>
        {state}
      </section>
    );
  }

  const latest = channel.latestSubscriberCount;
  return (
    <section class="page" aria-labelledby="channel-title" data-testid="channel-page" data-channel-id={channel.id} data-subscribers={latest?.count ?? ''} data-post-count={channel.postCount}>
      <p class="crumbs">{back}</p>
      <div class="page-head">
        <h1 id="channel-title">
          {channel.title ?? channel.id}
          {channel.title && channel.title !== channel.id ? <span class="sub">{channel.id}</span> : null}
        </h1>
        <dl class="head-facts">
          <div>
            <dt>Subscribers</dt>
            <dd>
              {formatInteger(latest?.count)}
              {latest ? <span class="sub">on {formatDate(latest.date)}</span> : null}
            </dd>
          </div>
          <div>
            <dt>Posts</dt>
            <dd>{formatInteger(channel.postCount)}</dd>
          </div>
          <div>
            <dt>Tracked since</dt>
            <dd>
              <Time value={channel.createdAt} />
            </dd>
          </div>
        </dl>
      </div>
      {unreachable ? <UnreachableBanner /> : null}
      <GrowthSection id={channel.id} />
      <EngagementHistory id={channel.id} />
      <PostingTimes id={channel.id} />
      <div class="two-columns">
        <ContentPatterns id={channel.id} />
        <DraftBox />
      </div>
    </section>
  );
}
