import {
  MongoClient,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
  type Db,
} from 'mongodb';

export interface MongoOptions {
  uri: string;
  /** How long an operation waits for a reachable server before failing (not hanging). */
  serverSelectionTimeoutMs: number;
}

/**
 * Creates a client without connecting: the driver connects on first use and reconnects on
 * its own, so a service starts while MongoDB is down and recovers without a restart.
 */
export function createMongoClient(options: MongoOptions): MongoClient {
  return new MongoClient(options.uri, {
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMs,
    connectTimeoutMS: options.serverSelectionTimeoutMs,
    appName: 'telepulse',
  });
}

/** Pings the server; resolves to the round-trip in ms, rejects when unreachable. */
export async function pingMongo(db: Db): Promise<number> {
  const started = performance.now();
  await db.command({ ping: 1 });
  return performance.now() - started;
}

/** True for driver errors that mean "the database cannot be reached now", as opposed to a bad query. */
export function isMongoUnavailable(error: unknown): boolean {
  return (
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNetworkError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoTopologyClosedError
  );
}

/** Duplicate-key error (E11000), raised by unique indexes. */
export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}
