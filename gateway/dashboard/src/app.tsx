/**
 * The dashboard's frame: a header (navigation, live connection state, status light, alert badge,
 * token) over the page the hash names, and the alert toasts. Every page gets the same frame, so
 * drift alerts and the system's health show wherever the viewer is.
 */
import { useEffect, useRef } from 'preact/hooks';
import { ChannelPage } from './pages/channel/index.js';
import { ChannelsPage } from './pages/channels/index.js';
import { ModelsPage } from './pages/models/index.js';
import { routeHref, useRoute, type Route } from './router.js';
import { AlertBadge } from './ui/alert-badge.js';
import { ConnectionState } from './ui/connection-state.js';
import { GatewayBanner } from './ui/gateway-banner.js';
import { Empty } from './ui/states.js';
import { StatusLight } from './ui/status-light.js';
import { Toasts } from './ui/toast.js';
import { TokenBox } from './ui/token-box.js';

function titleOf(route: Route): string {
  switch (route.page) {
    case 'channels':
      return 'Channels';
    case 'channel':
      return `Channel ${route.id}`;
    case 'models':
      return route.id ? `Model ${route.id}` : 'Models';
    case 'not-found':
      return 'Not found';
  }
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'channels':
      return <ChannelsPage />;
    case 'channel':
      return <ChannelPage id={route.id} />;
    case 'models':
      return <ModelsPage {...(route.id === undefined ? {} : { id: route.id })} />;
    case 'not-found':
      return (
        <section class="page" aria-labelledby="not-found-title">
          <h1 id="not-found-title">Not found</h1>
          <Empty what={`There is no page at “${route.path}”.`} hint={<a href={routeHref({ page: 'channels' })}>Go to the channels</a>} />
        </section>
      );
  }
}

export function App() {
  const route = useRoute();
  const section = route.page === 'channel' ? 'channels' : route.page;
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    document.title = `${titleOf(route)} · telepulse`;
    // A new page: keyboard and screen-reader users start at its content, as after a page load (not on the first load itself).
    if (first.current) first.current = false;
    else main.current?.focus();
  }, [routeHref(route)]);
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="app-header">
        <a class="brand" href={routeHref({ page: 'channels' })}>
          telepulse
        </a>
        <nav aria-label="Pages">
          <a href={routeHref({ page: 'channels' })} aria-current={section === 'channels' ? 'page' : undefined} data-testid="nav-channels">
            Channels
          </a>
          <a href={routeHref({ page: 'models' })} aria-current={section === 'models' ? 'page' : undefined} data-testid="nav-models">
            Models
          </a>
        </nav>
        <div class="header-status">
          <ConnectionState />
          <StatusLight />
          <AlertBadge />
          <TokenBox />
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1} data-page={route.page}>
        <GatewayBanner />
        <Page route={route} />
      </main>
      <Toasts />
    </>
  );
}
