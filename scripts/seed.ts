/**
 * `pnpm seed --file F [--gateway URL]`: loads an interchange JSONL file (one channel per line)
 * through the gateway's API. Re-running it is safe: ingestion is idempotent.
 */
import { parseArgs } from 'node:util';
import { readChannelsJsonl } from '@telepulse/dataset';
import { httpGraphQLClient, seedChannels } from '@telepulse/devstack/seed';

const { values } = parseArgs({ options: { file: { type: 'string' }, gateway: { type: 'string', default: 'http://127.0.0.1:4000/graphql' } } });
if (!values.file) {
  console.error('usage: pnpm seed --file channels.jsonl [--gateway http://127.0.0.1:4000/graphql]');
  process.exit(2);
}
const started = performance.now();
const totals = await seedChannels(httpGraphQLClient(values.gateway), readChannelsJsonl(values.file));
console.log(
  `seeded ${totals.channels} channels: ${totals.inserted} posts inserted, ${totals.updated} updated, ${totals.unchanged} unchanged in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
