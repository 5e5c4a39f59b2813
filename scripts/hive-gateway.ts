/**
 * Hive Gateway as its own process, for `pnpm bench:gateway` only: `@graphql-hive/gateway-runtime`
 * (the runtime the `@graphql-hive/gateway` CLI serves) behind a plain node:http server, on the
 * project's supergraph file with its subgraph URLs pointed at the running subgraphs, every other
 * setting Hive's default (in-flight deduplication on).
 *
 * Our subgraphs answer only requests carrying a gateway proof (internal/platform/src/gateway-proof.ts):
 * an HS256 JWT signed with SUBGRAPH_SECRET, bound to the subgraph and to the body's SHA-256. An
 * `onFetch` plugin mints the same proof for every subgraph fetch Hive makes (anonymous identity,
 * a fresh request id, a 30 s deadline), so both gateways do the same signing work per fetch.
 *
 * Environment: HIVE_PORT, SUBGRAPH_SECRET, SUBGRAPH_URLS (JSON: subgraph name → GraphQL URL),
 * SUPERGRAPH_PATH (the project's supergraph file). Prints `hive gateway listening on <url>` once up.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bodySha256, signGatewayProof } from '@telepulse/platform/gateway-proof';

const port = Number(process.env.HIVE_PORT);
const secret = process.env.SUBGRAPH_SECRET ?? '';
const subgraphUrls = JSON.parse(process.env.SUBGRAPH_URLS ?? '{}') as Record<string, string>;
if (!port || !secret || Object.keys(subgraphUrls).length === 0 || !process.env.SUPERGRAPH_PATH) {
  console.error('hive-gateway: HIVE_PORT, SUBGRAPH_SECRET, SUBGRAPH_URLS and SUPERGRAPH_PATH are required');
  process.exit(2);
}

// The same supergraph, each running subgraph's URL in its join__graph (the file holds the default ports).
const supergraph = readFileSync(process.env.SUPERGRAPH_PATH, 'utf8').replace(
  /@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g,
  (whole, name: string) => (subgraphUrls[name] ? `@join__graph(name: "${name}", url: "${subgraphUrls[name]}")` : whole),
);
const supergraphFile = join(mkdtempSync(join(tmpdir(), 'telepulse-hive-')), 'supergraph.graphql');
writeFileSync(supergraphFile, supergraph);
const serviceByUrl = new Map(Object.entries(subgraphUrls).map(([name, url]) => [url, name]));

/** What this script uses of the runtime, typed here: its own .d.ts pulls `lib="dom"` (through @whatwg-node/fetch) into the whole program's typecheck, changing Node's fetch types everywhere. */
interface HiveFetchHook {
  url: string;
  options: { body?: unknown; headers?: Record<string, string> };
  setOptions(options: { body?: unknown; headers?: Record<string, string> }): void;
}
type HiveRuntime = ((request: unknown, response: unknown) => void) & { dispose(): unknown };
const runtimeModule = '@graphql-hive/gateway-runtime';
const { createGatewayRuntime } = (await import(runtimeModule)) as {
  createGatewayRuntime(config: { supergraph: string; logging: string; plugins: () => { onFetch(payload: HiveFetchHook): Promise<void> }[] }): HiveRuntime;
};

const gateway = createGatewayRuntime({
  supergraph: supergraphFile,
  logging: process.env.HIVE_LOG_LEVEL ?? 'error',
  plugins: () => [
    {
      // The gateway proof our subgraphs require, minted as the project's gateway mints it.
      async onFetch({ url, options, setOptions }) {
        const audience = serviceByUrl.get(url);
        if (!audience) return;
        if (typeof options.body !== 'string') throw new Error(`Hive sent a ${typeof options.body} body to ${audience}: the proof binds a string body`);
        const body = options.body;
        const proof = await signGatewayProof(secret, { audience, identity: null, trace: { requestId: randomUUID(), via: [] }, timeoutMs: 30_000, bodySha256: bodySha256(body) });
        setOptions({ ...options, headers: { ...options.headers, authorization: `Bearer ${proof}` } });
      },
    },
  ],
});

const server = createServer((request, response) => gateway(request, response));
server.listen(port, '127.0.0.1', () => console.log(`hive gateway listening on http://127.0.0.1:${port}/graphql`));
const stop = () => server.close(() => void Promise.resolve(gateway.dispose()).finally(() => process.exit(0)));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
