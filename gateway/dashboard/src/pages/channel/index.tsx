/** The Channel page (placeholder: the dash-channel helper replaces it with the forecast, heatmap and patterns). */
import { routeHref } from '../../router.js';
import { Empty } from '../../ui/states.js';

export function ChannelPage({ id }: { id: string }) {
  return (
    <section aria-labelledby="channel-title" data-channel-id={id}>
      <h1 id="channel-title">Channel {id}</h1>
      <Empty what="This page is being built." hint={<a href={routeHref({ page: 'channels' })}>Back to the channels</a>} />
    </section>
  );
}
