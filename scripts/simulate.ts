/**
 * Writes simulated channels as interchange JSONL (one channel per line).
 *
 *   npx tsx scripts/simulate.ts [--seed 42] [--channels 24] [--days 180] [--end-date 2024-12-31] [--out FILE]
 *
 * Without --out the lines go to stdout. The same options always give the same bytes.
 */
import { parseArgs } from 'node:util';
import { simulateChannels, writeChannelsJsonl, writeChannelsJsonlStream } from '@telepulse/dataset';

const USAGE = `Usage: npx tsx scripts/simulate.ts [options]

  --seed N          PRNG seed (integer, default 42)
  --channels N      number of channels (default 24)
  --days N          days of history per channel (default 180)
  --end-date DATE   last simulated day, YYYY-MM-DD (default 2024-12-31)
  --out FILE        write JSONL to FILE instead of stdout
  --help            show this help`;

function fail(message: string): never {
  process.stderr.write(`simulate: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function integerOption(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  if (!/^-?\d+$/.test(raw)) fail(`--${name} must be an integer, got ${JSON.stringify(raw)}`);
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) fail(`--${name} must be an integer >= ${min}, got ${raw}`);
  return value;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        seed: { type: 'string' },
        channels: { type: 'string' },
        days: { type: 'string' },
        'end-date': { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const seed = integerOption('seed', values.seed, 42, Number.MIN_SAFE_INTEGER);
  const channels = integerOption('channels', values.channels, 24, 0);
  const days = integerOption('days', values.days, 180, 1);
  const endDate = values['end-date'];
  if (endDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(endDate)) {
    fail(`--end-date must be YYYY-MM-DD, got ${JSON.stringify(endDate)}`);
  }

  let records;
  try {
    records = simulateChannels({ seed, channels, days, ...(endDate === undefined ? {} : { endDate }) });
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.out === undefined) {
    await writeChannelsJsonlStream(process.stdout, records);
  } else {
    await writeChannelsJsonl(values.out, records);
    const posts = records.reduce((sum, r) => sum + r.posts.length, 0);
    process.stderr.write(`simulate: wrote ${records.length} channels, ${posts} posts to ${values.out}\n`);
  }
}

// A closed pipe (`| head`) is a normal end for a CLI that writes to stdout.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main().catch((error: unknown) => {
  process.stderr.write(`simulate: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
