import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import express, { type Router } from 'express';
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';

export type LandingPage = 'sandbox' | 'graphiql' | 'off';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

/** Static files for the self-hosted GraphiQL: React and GraphiQL's browser bundles, from npm. */
export function graphiqlAssets(): Router {
  const router = express.Router();
  const files: Record<string, string> = {
    'react.js': join(packageDir('react'), 'umd', 'react.production.min.js'),
    'react-dom.js': join(packageDir('react-dom'), 'umd', 'react-dom.production.min.js'),
    'graphiql.js': join(packageDir('graphiql'), 'graphiql.min.js'),
    'graphiql.css': join(packageDir('graphiql'), 'graphiql.min.css'),
  };
  for (const [name, path] of Object.entries(files)) {
    // pnpm keeps packages under node_modules/.pnpm: a dot directory, which send refuses by default.
    router.get(`/${name}`, (_req, res) => res.sendFile(path, { maxAge: '1d', dotfiles: 'allow' }));
  }
  return router;
}

/** What a first visit shows: channels with their predictions, and the system's health, in one query. */
const DEFAULT_QUERY = `{
  listChannels(limit: 5) {
    id
    title
    postCount
    engagementPrediction { predictedEngagement confidence modelVersion }
  }
  systemHealth { status services { name status } }
}
`;

/** GraphiQL's page: every script comes from the gateway itself, so it works with no internet; subscriptions go over the WebSocket. */
export function graphiqlHtml(assetsPath: string, endpoint: string): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>telepulse · GraphiQL</title>
  <link rel="stylesheet" href="${assetsPath}/graphiql.css" />
  <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="${assetsPath}/react.js"></script>
  <script src="${assetsPath}/react-dom.js"></script>
  <script src="${assetsPath}/graphiql.js"></script>
  <script>
    // Subscriptions over the gateway's WebSocket on the same path; the Headers pane travels as connectionParams.
    const url = new URL(${JSON.stringify(endpoint)}, location.href);
    const fetcher = GraphiQL.createFetcher({ url: url.href, subscriptionUrl: url.href.replace(/^http/, 'ws') });
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      React.createElement(GraphiQL, { fetcher, defaultQuery: ${JSON.stringify(DEFAULT_QUERY)}, defaultEditorToolsVisibility: true }),
    );
  </script>
</body>
</html>`;
}

/** The style of the dashboard link: a small fixed corner, over the explorer and clear of its own controls. */
const DASHBOARD_LINK_STYLE =
  '#telepulse-dashboard-link{position:fixed;left:12px;bottom:12px;z-index:2147483647;padding:6px 12px;border-radius:6px;background:#1f5fbf;color:#fff;font:600 14px system-ui,sans-serif;text-decoration:none;box-shadow:0 2px 8px rgba(0,0,0,.25)}';

/**
 * `html` with a link to the web dashboard before `</body>` (appended when there is none). Its
 * style goes in a <style> element carrying the page's CSP nonce when it has one (Apollo's
 * landing page allows no other inline style).
 */
export function withDashboardLink(html: string): string {
  const nonce = /'nonce-([A-Za-z0-9+/=_-]+)'/.exec(html)?.[1];
  const link = `<style${nonce ? ` nonce="${nonce}"` : ''}>${DASHBOARD_LINK_STYLE}</style><a id="telepulse-dashboard-link" href="/dashboard/" data-testid="dashboard-link">Open the dashboard →</a>`;
  const at = html.lastIndexOf('</body>');
  return at === -1 ? html + link : html.slice(0, at) + link + html.slice(at);
}

/** `plugin`'s landing page with the dashboard link added. */
function linkingToDashboard(plugin: ApolloServerPlugin): ApolloServerPlugin {
  return {
    async serverWillStart(service) {
      const listener = await plugin.serverWillStart?.(service);
      const render = listener?.renderLandingPage;
      if (!listener || !render) return listener;
      return {
        ...listener,
        async renderLandingPage() {
          const page = await render.call(listener);
          const html = page.html;
          return { html: typeof html === 'string' ? withDashboardLink(html) : async () => withDashboardLink(await html()) };
        },
      };
    },
  };
}

/** The Apollo Server plugin that renders the chosen landing page on GET of the endpoint, with a link to the dashboard. */
export function landingPagePlugin(kind: LandingPage, assetsPath: string, endpoint: string): ApolloServerPlugin {
  switch (kind) {
    case 'sandbox':
      return linkingToDashboard(ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }));
    case 'graphiql':
      return {
        async serverWillStart() {
          const html = withDashboardLink(graphiqlHtml(assetsPath, endpoint));
          return { async renderLandingPage() { return { html }; } };
        },
      };
    case 'off':
      return ApolloServerPluginLandingPageDisabled();
  }
}
