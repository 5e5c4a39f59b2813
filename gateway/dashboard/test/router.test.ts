import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref, type Route } from '../src/router.js';

describe('the dashboard’s hash routes', () => {
  it('reads each page, the Channels page by default', () => {
    expect(parseRoute('')).toEqual({ page: 'channels' });
    expect(parseRoute('#/')).toEqual({ page: 'channels' });
    expect(parseRoute('#/channels')).toEqual({ page: 'channels' });
    expect(parseRoute('#/channels/demo-1')).toEqual({ page: 'channel', id: 'demo-1' });
    expect(parseRoute('#/models')).toEqual({ page: 'models' });
    expect(parseRoute('#/models/engagement')).toEqual({ page: 'models', id: 'engagement' });
    expect(parseRoute('#/models/engagement?tab=runs')).toEqual({ page: 'models', id: 'engagement' });
  });

  it('names anything else not-found', () => {
    expect(parseRoute('#/nope')).toEqual({ page: 'not-found', path: '/nope' });
    expect(parseRoute('#/channels/a/b')).toEqual({ page: 'not-found', path: '/channels/a/b' });
  });

  it('round-trips ids that need encoding', () => {
    const routes: Route[] = [{ page: 'channel', id: 'a b/c?d' }, { page: 'models', id: 'content-viral' }, { page: 'models' }, { page: 'channels' }];
    for (const route of routes) expect(parseRoute(routeHref(route))).toEqual(route);
  });
});
