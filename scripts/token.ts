/**
 * `pnpm -s token [scope ...] [--subject NAME] [--expires 7d]`: prints a client token the gateway
 * accepts, for the scopes named (every scope when none is), signed with AUTH_JWT_SECRET, or,
 * when it is not set, with the secret `pnpm start` keeps under DATA_DIR. Use it as
 * `Authorization: Bearer $(pnpm -s token ingest)`.
 */
import { parseArgs } from 'node:util';
import { EVERY_SCOPE } from '@telepulse/devstack/user-token';
import { mintLocalToken } from './local-token.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { subject: { type: 'string', default: 'developer' }, expires: { type: 'string', default: '7d' } },
});
const known: readonly string[] = EVERY_SCOPE;
const unknown = positionals.filter((scope) => !known.includes(scope));
if (unknown.length > 0) {
  console.error(`unknown scope ${unknown.map((s) => JSON.stringify(s)).join(', ')}: the scopes are ${EVERY_SCOPE.join(', ')}`);
  process.exit(2);
}
try {
  console.log(await mintLocalToken({ subject: values.subject, scopes: positionals.length > 0 ? positionals : EVERY_SCOPE, expiresIn: values.expires }));
} catch (error) {
  console.error(`cannot mint the token: ${(error as Error).message} (--expires takes a span such as 30m, 12h, 7d)`);
  process.exit(2);
}
