/**
 * Hash routes, so the gateway serves one index.html for every page and a reload keeps the page:
 * `#/channels`, `#/channels/<id>`, `#/models`, `#/models/<id>`. Ids are URI-encoded in the hash.
 */
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { page: 'channels' }
  | { page: 'channel'; id: string }
  | { page: 'models'; id?: string }
  | { page: 'not-found'; path: string };

/** The route a hash names (`#/channels/demo-1`); an empty hash is the Channels page. */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\?.*$/, '');
  const parts = path.split('/').filter(Boolean);
  const [section, id, ...rest] = parts;
  if (rest.length > 0) return { page: 'not-found', path };
  const decoded = id === undefined ? undefined : safeDecode(id);
  switch (section) {
    case undefined:
    case 'channels':
      return decoded === undefined ? { page: 'channels' } : { page: 'channel', id: decoded };
    case 'models':
      return decoded === undefined ? { page: 'models' } : { page: 'models', id: decoded };
    default:
      return { page: 'not-found', path };
  }
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** The hash href of a route, for `<a href>`. */
export function routeHref(route: Route): string {
  switch (route.page) {
    case 'channels':
      return '#/channels';
    case 'channel':
      return `#/channels/${encodeURIComponent(route.id)}`;
    case 'models':
      return route.id === undefined ? '#/models' : `#/models/${encodeURIComponent(route.id)}`;
    case 'not-found':
      return `#${route.path}`;
  }
}

/** Goes to `route` (a new history entry). */
export function navigate(route: Route): void {
  location.hash = routeHref(route);
}

/** The current route, re-rendering when the hash changes. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', update);
    update();
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
