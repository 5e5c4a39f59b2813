import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testMongo } from '../../test/support/mongo.js';
import { ModelRegistry } from '../src/registry/model-registry.js';
import { resolveModel } from '../src/registry/resolve-model.js';

describe('ModelRegistry on a real MongoDB-compatible server (GridFS bytes)', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  let registry: ModelRegistry;
  // Over GridFS's 255 KiB chunk size, so the bytes span several chunks.
  const bytes = Uint8Array.from({ length: 600_000 }, (_, i) => (i * 31) % 251);

  beforeAll(async () => {
    mongo = await testMongo();
    registry = new ModelRegistry(mongo.db('engagement'));
  });
  afterAll(() => mongo.drop());

  it('has no active version before one is activated', async () => {
    expect(await registry.loadActive('m')).toBeNull();
  });

  it('round-trips bytes and metadata of the active version', async () => {
    await registry.register('m', '1.0.0', bytes, { version: '1.0.0', mae: 0.01 }, 'test');
    await registry.activate('m', '1.0.0');
    const loaded = await registry.loadActive<{ mae: number }>('m');
    expect(loaded?.version).toMatchObject({ _id: 'm@1.0.0', bytes: bytes.byteLength, metadata: { mae: 0.01 } });
    expect(Buffer.from(loaded!.onnx).equals(Buffer.from(bytes))).toBe(true);
  });

  it('switches the active version in one write and refuses unknown versions', async () => {
    await registry.register('m', '1.1.0', bytes.subarray(0, 1000), { version: '1.1.0' }, 'test');
    await registry.activate('m', '1.1.0');
    expect((await registry.loadActive('m'))?.version.version).toBe('1.1.0');
    await expect(registry.activate('m', '9.9.9')).rejects.toThrow('m@9.9.9 is not registered');
  });

  it('refuses to register other bytes under an existing version', async () => {
    await expect(registry.register('m', '1.0.0', new Uint8Array([1, 2, 3]), {}, 'test')).rejects.toThrow('already registered with other bytes');
  });

  it('seeds an empty registry once when replicas start together: every one resolves the version, one document and one file stored', async () => {
    // Four registries on one database, as four replicas of a subgraph starting at once.
    const replicas = Array.from({ length: 4 }, () => new ModelRegistry(mongo.db('engagement')));
    const artifact = async () => ({ onnx: bytes.subarray(0, 7000), metadata: { version: '3.0.0' } });
    const resolved = await Promise.all(replicas.map((r) => resolveModel(r, 'together', artifact)));
    expect(resolved.map((r) => [r.version, r.source, r.onnx.byteLength])).toEqual(Array.from({ length: 4 }, () => ['3.0.0', 'registry', 7000]));
    expect((await registry.listVersions('together')).map((v) => v._id)).toEqual(['together@3.0.0']);
    expect(await mongo.db('engagement').collection('model_files.files').countDocuments({ 'metadata.name': 'together' })).toBe(1);
    expect((await registry.loadActive('together'))?.version.version).toBe('3.0.0');
  });

  it('seeds an empty registry from the committed artifact, then serves from the registry', async () => {
    const artifact = async () => ({ onnx: bytes.subarray(0, 5000), metadata: { version: '2.0.0' } });
    const first = await resolveModel(registry, 'fresh', artifact);
    expect(first).toMatchObject({ version: '2.0.0', source: 'registry' });
    expect((await registry.listVersions('fresh')).map((v) => v._id)).toEqual(['fresh@2.0.0']);
    // The same version committed again (other bytes would be a mistake): the registry's bytes serve.
    const second = await resolveModel(registry, 'fresh', async () => ({ onnx: bytes.subarray(0, 10), metadata: { version: '2.0.0' } }));
    expect(second.onnx.byteLength).toBe(5000);
  });

  it('lets a newly committed version supersede one that came from an artifact, never one someone chose', async () => {
    await resolveModel(registry, 'rollout', async () => ({ onnx: bytes.subarray(0, 100), metadata: { version: '1.0.0' } }));
    const upgraded = await resolveModel(registry, 'rollout', async () => ({ onnx: bytes.subarray(0, 200), metadata: { version: '2.0.0' } }));
    expect(upgraded).toMatchObject({ version: '2.0.0', source: 'registry' });
    expect((await registry.listVersions('rollout')).map((v) => v.version)).toEqual(['1.0.0', '2.0.0']);

    // An older checkout does not downgrade: 1.0.0 is registered already.
    expect(await resolveModel(registry, 'rollout', async () => ({ onnx: bytes.subarray(0, 100), metadata: { version: '1.0.0' } }))).toMatchObject({ version: '2.0.0' });

    // A trained version, activated by someone, stays active whatever the next release commits.
    await registry.register('rollout', '2.1.0', bytes.subarray(0, 300), { version: '2.1.0' }, 'training');
    await registry.activate('rollout', '2.1.0');
    expect(await resolveModel(registry, 'rollout', async () => ({ onnx: bytes.subarray(0, 400), metadata: { version: '3.0.0' } }))).toMatchObject({ version: '2.1.0' });
  });
});
