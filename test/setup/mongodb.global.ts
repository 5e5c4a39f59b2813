import type { TestProject } from 'vitest/node';
import { launchTemporaryFerretDb } from '@telepulse/devstack/temporary-ferretdb';

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
  const { server, remove } = await launchTemporaryFerretDb('test-db');
  project.provide('mongodbUri', server.uri);
  return remove;
}
