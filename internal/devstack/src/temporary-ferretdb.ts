import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FerretDb, findFerretDb, FERRETDB_MISSING } from './ferretdb.js';

export interface TemporaryDatabase {
  uri: string;
  /** A FerretDB of its own, or the server given. */
  description: string;
  /** Stops the FerretDB and deletes its directory (nothing for a server given). */
  remove(): Promise<void>;
}

/**
 * A FerretDB of its own on a loopback port, its SQLite files in a fresh temporary directory
 * named after `name`, for tests and benchmarks. `remove()` stops it and deletes the directory.
 * Throws FERRETDB_MISSING when FerretDB is not built.
 */
export async function launchTemporaryFerretDb(name: string): Promise<{ server: FerretDb; remove(): Promise<void> }> {
  const binary = findFerretDb();
  if (!binary) throw new Error(FERRETDB_MISSING);
  const dataDir = mkdtempSync(join(tmpdir(), `telepulse-${name}-`));
  const server = await FerretDb.launch({ binary, dataDir, logFile: join(dataDir, 'ferretdb.log') });
  return {
    server,
    async remove() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The server at `uri` when one is given (MONGODB_URI), else a temporary FerretDB (see launchTemporaryFerretDb). */
export async function givenOrTemporaryDatabase(name: string, uri: string | undefined): Promise<TemporaryDatabase> {
  if (uri) return { uri, description: 'MONGODB_URI', remove: async () => {} };
  const { server, remove } = await launchTemporaryFerretDb(name);
  return { uri: server.uri, description: 'a FerretDB of its own', remove };
}
