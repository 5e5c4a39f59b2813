/** What the model commands (`pnpm train`, `pnpm eval`) share in reading their options and ending. */
import { isAbsolute, relative, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DEFAULT_HELD_OUT_SHARE } from '../evaluation/time-split.js';
import { ChannelFileError } from './channel-files.js';

/** A command line the command cannot run: the message says what to change; the command exits 2 with its usage. */
export class UsageError extends Error {
  readonly code = 'USAGE' as const;

  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** node:util parseArgs, strict, its complaints (an unknown flag, a missing value) as UsageErrors. */
export function parseCommandLine<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T & { strict: true }>> {
  try {
    return parseArgs({ ...config, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * Runs a command: a usage problem (UsageError, an unusable file) ends it with exit 2, the message
 * and the usage line; any other failure with exit 1 and its stack. Exiting here rather than
 * rethrowing also keeps the tfjs wasm backend's uncaught-exception handler from printing its
 * whole minified source line.
 */
export async function runCommand(name: string, usage: string, main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (error instanceof UsageError || error instanceof ChannelFileError) {
      console.error(`${error.message}\n${usage.split('\n')[0]}\n(pnpm ${name} --help for more)`);
      process.exit(2);
    }
    console.error(`${name} failed: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  }
}

/** `--held-out S`: a share strictly between 0 and 1 (default 0.2), so both training and evaluation get posts. */
export function heldOutOption(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_HELD_OUT_SHARE;
  const share = Number(raw);
  if (raw.trim() === '' || !(share > 0 && share < 1)) throw new UsageError(`--held-out must be a share between 0 and 1 (e.g. 0.2), got ${JSON.stringify(raw)}`);
  return share;
}

/** A path as a person reads it: relative to where the command runs when it lies below, else absolute. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? resolve(path) : rel;
}
