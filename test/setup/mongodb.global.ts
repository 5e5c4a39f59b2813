import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { FerretDb, findFerretDb, FERRETDB_MISSING } from '@telepulse/devstack/ferretdb';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The MongoDB-compatible server every int/e2e test uses (each test picks its own database names). */
    mongodbUri: string;
  }
}

/**
 * Uses MONGODB_URI when set; otherwise (as in .ci/run) starts a FerretDB of its own on a
 * loopback port with a temporary directory, and stops it afterwards.
 */
export default async function setup(project: TestProject) {
  const given = process.env.MONGODB_URI;
  if (given) {
    project.provide('mongodbUri', given);
    return;
  }
  const binary = findFerretDb();
  if (!binary) throw new Error(FERRETDB_MISSING);
  const dataDir = mkdtempSync(join(tmpdir(), 'telepulse-test-db-'));
  const server = await FerretDb.launch({ binary, dataDir, logFile: join(dataDir, 'ferretdb.log') });
  project.provide('mongodbUri', server.uri);
  return async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
