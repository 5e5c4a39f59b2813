import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testMongo } from '../../../test/support/mongo.js';
import { readEngagementArtifact } from '../../src/engagement/artifact.js';
import { ModelRegistry } from '../../src/registry/model-registry.js';
import { channelFileFixture, runCli } from './run-cli.js';

let mongo: Awaited<ReturnType<typeof testMongo>>;
let fixture: Awaited<ReturnType<typeof channelFileFixture>>;
let dir: string;
let tiny: string;

beforeAll(async () => {
  mongo = await testMongo();
  fixture = await channelFileFixture({ seed: 3, channels: 2, days: 200, idPrefix: 'tiny' });
  ({ dir, file: tiny } = fixture);
});
afterAll(async () => {
  await mongo.drop();
  await fixture.remove();
});

describe('pnpm eval --registry', () => {
  const env = () => ({ MONGODB_URI: mongo.uri, MONGODB_DB_PREFIX: mongo.prefix });

  it('says so when the engagement database has no active version', () => {
    const { status, stderr } = runCli('eval', ['--registry', '--file', tiny], env());
    expect(status).toBe(2);
    expect(stderr).toContain(`the model registry in ${mongo.prefix}_engagement has no active engagement version`);
  });

  it("judges the active version in the engagement subgraph's registry", async () => {
    const committed = await readEngagementArtifact();
    const registry = new ModelRegistry(mongo.db('engagement'));
    await registry.register('engagement', '1.0.0+registry.test', committed.onnx, { ...committed.metadata, version: '1.0.0+registry.test' }, 'test');
    await registry.activate('engagement', '1.0.0+registry.test');

    const { status, stdout } = runCli('eval', ['--registry', '--file', tiny, '--json', join(dir, 'report.json')], env());
    expect(status).toBe(0);
    expect(stdout.split('\n')[0]).toBe(`model: engagement 1.0.0+registry.test (active version in the model registry of ${mongo.prefix}_engagement)`);
    expect(stdout).toMatch(/^overall \(\d channels?\)/m);
  });
});
