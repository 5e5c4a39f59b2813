/**
 * Converts the real dona134 channel export (CSV) into one interchange JSONL line.
 *
 *   npx tsx scripts/import-dona134.ts [--csv PATH] [--out FILE]
 *
 * --csv defaults to the shared data folder's telegram-channel-dona134.csv; without --out the
 * line goes to stdout.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import {
  defaultDona134CsvPath,
  importDona134Csv,
  writeChannelsJsonl,
  writeChannelsJsonlStream,
} from '@telepulse/dataset';

const USAGE = `Usage: npx tsx scripts/import-dona134.ts [options]

  --csv PATH    the export to read (default ${defaultDona134CsvPath()})
  --out FILE    write JSONL to FILE instead of stdout
  --help        show this help`;

function fail(message: string): never {
  process.stderr.write(`import-dona134: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        csv: { type: 'string' },
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
  const csvPath = values.csv ?? defaultDona134CsvPath();
  let csvText: string;
  try {
    csvText = await readFile(csvPath, 'utf8');
  } catch (error) {
    fail(`cannot read --csv ${csvPath}: ${(error as Error).message}`);
  }
  const record = importDona134Csv(csvText);
  if (values.out === undefined) {
    await writeChannelsJsonlStream(process.stdout, [record]);
  } else {
    await writeChannelsJsonl(values.out, [record]);
    process.stderr.write(`import-dona134: wrote ${record.posts.length} posts of ${record.id} to ${values.out}\n`);
  }
}

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main().catch((error: unknown) => {
  process.stderr.write(`import-dona134: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
