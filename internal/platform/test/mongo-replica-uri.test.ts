import { describe, expect, it } from 'vitest';
import { ReadPreference } from 'mongodb';
import { createMongoClient } from '../src/mongo.js';

// deploy/k8s/overlays/production's MONGODB_URI: the replica set's settings ride in the URI, and
// createMongoClient must pass nothing that overrides them. The client is never connected here.
const PRODUCTION_URI =
  'mongodb://mongo-0.mongo,mongo-1.mongo,mongo-2.mongo:27017/?replicaSet=rs0&w=majority&journal=true&readPreference=primary&retryWrites=true';

describe('a MongoDB client built from a replica-set URI', () => {
  it('carries the replica set, w: majority with the journal, and the primary read preference', async () => {
    const client = createMongoClient({ uri: PRODUCTION_URI, serverSelectionTimeoutMs: 2000 });
    try {
      expect(client.options.replicaSet).toBe('rs0');
      expect(client.options.writeConcern).toMatchObject({ w: 'majority', journal: true });
      expect(client.options.readPreference.mode).toBe(ReadPreference.PRIMARY);
      expect(client.options.retryWrites).toBe(true);
      expect(client.options.hosts.map(String)).toEqual(['mongo-0.mongo:27017', 'mongo-1.mongo:27017', 'mongo-2.mongo:27017']);
      // What reaches each operation: a database handle inherits the client's concerns.
      const db = client.db('telepulse_channels');
      expect(db.writeConcern).toMatchObject({ w: 'majority', journal: true });
      expect(db.readPreference.mode).toBe(ReadPreference.PRIMARY);
    } finally {
      await client.close();
    }
  });

  it('keeps the driver defaults for a single server (the local URI)', async () => {
    const client = createMongoClient({ uri: 'mongodb://127.0.0.1:27017/', serverSelectionTimeoutMs: 2000 });
    try {
      expect(client.options.replicaSet).toBeUndefined();
      expect(client.options.writeConcern?.w).toBeUndefined();
      expect(client.options.readPreference.mode).toBe(ReadPreference.PRIMARY);
    } finally {
      await client.close();
    }
  });
});
