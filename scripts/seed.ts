/**
 * `pnpm seed --file F [--gateway URL] [--token T]`: loads an interchange JSONL file (one channel
 * per line) through the gateway's API. Ingesting needs a token with the `ingest` scope: `--token`,
 * else one minted with AUTH_JWT_SECRET or the secret `pnpm start` keeps under DATA_DIR.
 * Re-running it is safe: ingestion is idempotent.
 */
import { parseArgs } from 'node:util';
import { readChannelsJsonl } from '@telepulse/dataset';
import { httpGraphQLClient, seedChannels } from '@telepulse/devstack/seed';
import { mintLocalToken } from './local-token.js';

const { values } = parseArgs({ options: { file: { type: 'string' }, gateway: { type: 'string', default: 'http://127.0.0.1:4000/graphql' }, token: { type: 'string' } } });
if (!values.file) {
  console.error('usage: pnpm seed --file channels.jsonl [--gateway http://127.0.0.1:4000/graphql] [--token <a token with the ingest scope>]');
  process.exit(2);
}
const token = values.token ?? (await mintLocalToken({ subject: 'seed', scopes: ['ingest'], expiresIn: '1h' }));
const started = performance.now();
const totals = await seedChannels(httpGraphQLClient(values.gateway, token), readChannelsJsonl(values.file));
console.log(
  `seeded ${totals.channels} channels: ${totals.inserted} posts inserted, ${totals.updated} updated, ${totals.unchanged} unchanged in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
