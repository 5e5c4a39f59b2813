/** What the model commands (`pnpm train`, `pnpm eval`) share in reading their options. */
import { isAbsolute, relative, resolve } from 'node:path';
import { DEFAULT_HELD_OUT_SHARE } from '../evaluation/time-split.js';

/** A command line the command cannot run: the message says what to change; the command exits 2 with its usage. */
export class UsageError extends Error {
  readonly code = 'USAGE' as const;

  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
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
