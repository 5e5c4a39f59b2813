import type { Db } from 'mongodb';
import type { HealthCheck, HealthProbe } from './health.js';
import { pingMongo } from './mongo.js';

/** Health check: can this service reach its MongoDB database right now? */
export function mongoProbe(db: Db): HealthProbe {
  return async (): Promise<HealthCheck> => {
    try {
      const ms = await pingMongo(db);
      return { name: 'mongodb', status: 'UP', details: { reachable: true, database: db.databaseName, pingMs: Math.round(ms * 10) / 10 } };
    } catch (error) {
      return { name: 'mongodb', status: 'DOWN', details: { reachable: false, database: db.databaseName }, error: (error as Error).message };
    }
  };
}
