/**
 * Channels from the files a person names on the command line: `.jsonl` in the interchange format
 * (one channel per line), `.csv` as the real channel export the Dona134 importer reads.
 */
import { readFile, access } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { importDona134Csv, readChannelsJsonl, type ChannelRecord } from '@telepulse/dataset';

/** A named file cannot be used: missing, of an unknown kind, or repeating a channel id another file has. */
export class ChannelFileError extends Error {
  readonly code = 'CHANNEL_FILE_UNUSABLE' as const;

  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'ChannelFileError';
  }
}

export interface ChannelFiles {
  channels: ChannelRecord[];
  /** Names the data in a version or a file name: letters, digits and `-`, parts joined by `.` (e.g. `dona134`). */
  label: string;
  /** For people: each file with its channel and post counts. */
  description: string;
}

/** Reads and validates every file, in order; throws ChannelFileError (or the format's own error, which names the line). */
export async function readChannelFiles(paths: readonly string[]): Promise<ChannelFiles> {
  const channels: ChannelRecord[] = [];
  const labels: string[] = [];
  const described: string[] = [];
  const seen = new Map<string, string>();
  for (const path of paths) {
    const kind = extname(path).toLowerCase();
    if (kind !== '.jsonl' && kind !== '.csv') throw new ChannelFileError(path, `expected a .jsonl (interchange) or .csv (channel export) file, got "${kind || 'no extension'}"`);
    try {
      await access(path);
    } catch {
      throw new ChannelFileError(path, 'no such file');
    }
    const read = kind === '.csv' ? [importDona134Csv(await readFile(path, 'utf8'))] : await collect(readChannelsJsonl(path));
    for (const channel of read) {
      const other = seen.get(channel.id);
      if (other !== undefined) throw new ChannelFileError(path, `channel ${channel.id} is also in ${other}: ids must be unique across files`);
      seen.set(channel.id, path);
    }
    channels.push(...read);
    // A CSV export is one channel: its id names it better than the file does.
    labels.push(kind === '.csv' && read.length === 1 ? read[0]!.id : basename(path, extname(path)));
    described.push(`${basename(path)} (${read.length} channel${read.length === 1 ? '' : 's'}, ${read.reduce((n, c) => n + c.posts.length, 0)} posts)`);
  }
  return { channels, label: labels.map((l) => l.replace(/[^A-Za-z0-9-]+/g, '-')).join('.'), description: described.join(', ') };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
