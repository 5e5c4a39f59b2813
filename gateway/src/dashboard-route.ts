/**
 * Serves the web dashboard (gateway/dashboard, built by Vite into its dist/) at /dashboard on
 * the gateway's own origin, so its queries and WebSocket need no CORS. Hashed assets are cached
 * for good; index.html is revalidated on every load so a rebuild shows at once. Any other path
 * under /dashboard gets index.html (the client's routes); a missing asset is a 404. Until the
 * dashboard is built every path answers 503 with a page that says how to build it; whether it
 * is built is looked up per request, so a build finished after the gateway started is served.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express, type Request, type Response } from 'express';

export const DASHBOARD_PATH = '/dashboard';
/** Where `vite build` puts the dashboard (gateway/dashboard/dist). */
export const DEFAULT_DASHBOARD_DIST = join(import.meta.dirname, '..', 'dashboard', 'dist');

const NOT_BUILT_HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8" /><title>telepulse · dashboard not built</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1a1d21}code{background:#f4f6f8;padding:0.1rem 0.3rem}</style></head>
<body>
  <h1>The dashboard is not built yet</h1>
  <p><code>pnpm start</code> builds it before the gateway starts. To build it by hand:</p>
  <p><code>pnpm --filter @telepulse/dashboard build</code></p>
  <p>then reload this page. The GraphQL API is at <a href="/graphql">/graphql</a> meanwhile.</p>
</body>
</html>`;

/** Mounts the dashboard at /dashboard on `app`, from `distDir` (the built dashboard). */
export function mountDashboard(app: Express, distDir: string = DEFAULT_DASHBOARD_DIST): void {
  const indexFile = join(distDir, 'index.html');
  const built = () => existsSync(indexFile);
  const sendIndex = (_req: Request, res: Response) => {
    if (!built()) {
      res.status(503).set('Cache-Control', 'no-store').type('html').send(NOT_BUILT_HTML);
      return;
    }
    res.set('Cache-Control', 'no-cache').sendFile(indexFile, { dotfiles: 'allow' });
  };
  // Relative URLs and the hash (a token, a route) survive the redirect; the asset URLs are absolute anyway.
  app.get(DASHBOARD_PATH, (req, res, next) => {
    // Routing is not strict: `/dashboard/` arrives here too, and goes on to the index.
    const [path = '', query] = req.originalUrl.split('?', 2);
    if (path.endsWith('/')) return next();
    res.redirect(301, `${DASHBOARD_PATH}/${query === undefined ? '' : `?${query}`}`);
  });
  app.use(
    `${DASHBOARD_PATH}/assets`,
    (_req, res, next) => (built() ? next() : void res.status(503).set('Cache-Control', 'no-store').type('text').send('the dashboard is not built (pnpm start builds it)')),
    // File names carry their content's hash: a changed file is a new URL.
    express.static(join(distDir, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: true, dotfiles: 'allow' }),
    (_req, res) => void res.status(404).set('Cache-Control', 'no-store').type('text').send('no such dashboard asset (an old page? reload it)'),
  );
  // Files at the top of dist (favicon …) as they are, revalidated; index.html goes through sendIndex.
  app.use(DASHBOARD_PATH, express.static(distDir, { index: false, maxAge: 0, fallthrough: true, dotfiles: 'allow' }));
  app.get(`${DASHBOARD_PATH}/{*path}`, sendIndex);
}
