import { join } from 'node:path';
import { FerretDb, findFerretDb, FERRETDB_MISSING } from './ferretdb.js';

export interface Storage {
  uri: string;
  /** What provides it, for the start banner. */
  description: string;
  stop(): Promise<void>;
}

/**
 * The MongoDB `npm start` uses: MONGODB_URI when set; else an embedded default, first
 * mongodb-memory-server (where it has or can download a mongod), then FerretDB when built;
 * else null with the reasons, so the caller can say exactly what to do.
 */
export async function resolveStorage(options: { mongodbUri?: string; dataDir: string; log: (line: string) => void }): Promise<Storage | { missing: string[] }> {
  if (options.mongodbUri) return { uri: options.mongodbUri, description: 'MONGODB_URI', stop: async () => {} };

  const reasons: string[] = [];
  try {
    const { MongoBinary, MongoMemoryServer } = await import('mongodb-memory-server-core');
    // Resolve (or download) mongod first: a failure here is one clear error, not the server's stack dump.
    const systemBinary = await MongoBinary.getPath();
    const server = await MongoMemoryServer.create({ binary: { systemBinary } });
    return { uri: server.getUri(), description: 'mongodb-memory-server (in-memory, data lost on exit)', stop: async () => void (await server.stop()) };
  } catch (error) {
    // DownloadError keeps the network cause in `msg` (e.g. "getaddrinfo ENOTFOUND fastdl.mongodb.org").
    const cause = (error as { msg?: string }).msg;
    const reason = cause ? `cannot download mongod: ${cause}` : String((error as Error).message).split('\n')[0]!;
    reasons.push(`mongodb-memory-server: ${reason}`);
    options.log(`mongodb-memory-server is not usable here (${reason}); trying FerretDB`);
  }

  const binary = findFerretDb();
  if (binary) {
    const dataDir = join(options.dataDir, 'ferretdb');
    const server = await FerretDb.launch({ binary, dataDir, logFile: join(dataDir, 'ferretdb.log') });
    return { uri: server.uri, description: `FerretDB (SQLite in ${dataDir})`, stop: () => server.stop() };
  }
  reasons.push(`FerretDB: ${FERRETDB_MISSING}`);
  return { missing: reasons };
}
