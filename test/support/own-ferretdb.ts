import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FerretDb, findFerretDb, FERRETDB_MISSING } from '@telepulse/devstack/ferretdb';

/**
 * A FerretDB of the test's own, for tests that stop, restart or freeze their database, in a
 * temporary directory. `remove()` stops it and deletes the directory.
 */
export async function launchOwnFerretDb(name: string): Promise<{ server: FerretDb; remove(): Promise<void> }> {
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
