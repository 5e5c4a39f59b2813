import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '@telepulse/platform';
import { modelCatalog } from '@telepulse/models/catalog/model-catalog';
import { committedArtifactReader } from '@telepulse/models/catalog/model-artifacts';
import { testMongo } from '../../../test/support/mongo.js';
import { seedRegistry } from '../src/registry/seed-registry.js';
import { VersionStore } from '../src/store/version-store.js';

describe("learning's registry on FerretDB: seeding, versions, activation", () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  let store: VersionStore;
  const committed: Record<string, string> = {};

  beforeAll(async () => {
    mongo = await testMongo();
    store = new VersionStore(mongo.db('learning'));
    for (const { id } of modelCatalog()) committed[id] = (await committedArtifactReader(id)()).metadata.version;
  });
  afterAll(() => mongo.drop());

  it("seeds every catalog model's committed artifact, registered and activated, and a second start changes nothing", async () => {
    const first = await seedRegistry(store.registry);
    expect(Object.fromEntries(first.active)).toEqual(committed);
    expect(first.unreachable).toEqual([]);
    const before = await store.versionsOf(Object.keys(committed));
    for (const [id, version] of Object.entries(committed)) {
      expect(before.get(id)).toEqual([{ modelId: id, version, origin: 'artifact', registeredAt: expect.any(Date), active: true, activatedAt: expect.any(Date), lineage: null }]);
    }
    await seedRegistry(store.registry);
    expect(await store.versionsOf(Object.keys(committed))).toEqual(before);
  });

  it('never overrides at start a version learning made and activated', async () => {
    const artifact = await committedArtifactReader('growth')();
    await store.registry.register('growth', 'learned-1', artifact.onnx, { ...artifact.metadata, version: 'learned-1' }, 'learning');
    await store.activate('growth', 'learned-1');
    const seeded = await seedRegistry(store.registry, ['growth']);
    expect(seeded.active.get('growth')).toBe('learned-1');
  });

  it('lists versions newest first with the active one flagged and the lineage learning wrote (null where there is none or it is malformed)', async () => {
    const { onnx, metadata } = await committedArtifactReader('engagement')();
    const lineage = {
      parentVersion: committed.engagement,
      strategy: 'INCREMENTAL',
      dataFrom: '2026-11-01T00:00:00.000Z',
      dataTo: '2026-11-30T00:00:00.000Z',
      feedbackUsed: 120,
      replayUsed: 480,
      heldOut: 40,
      learningRate: 0.0005,
      epochs: 3,
    };
    await store.registry.register('engagement', 'ft-1', onnx, { ...metadata, version: 'ft-1', lineage }, 'learning', new Date(Date.now() + 1000));
    await store.registry.register('engagement', 'ft-2', onnx, { ...metadata, version: 'ft-2', lineage: { strategy: 'SIDEWAYS' } }, 'learning', new Date(Date.now() + 2000));
    const versions = (await store.versionsOf(['engagement'])).get('engagement')!;
    expect(versions.map((v) => [v.version, v.active])).toEqual([
      ['ft-2', false],
      ['ft-1', false],
      [committed.engagement, true],
    ]);
    expect(versions[1]!.lineage).toEqual({ ...lineage, dataFrom: new Date(lineage.dataFrom), dataTo: new Date(lineage.dataTo) });
    expect(versions[0]!.lineage).toBeNull();
    expect(versions[1]!.activatedAt).toBeNull();
  });

  it('activates a registered version, and activating it again keeps its activation time (idempotent)', async () => {
    const activated = await store.activate('engagement', 'ft-1');
    expect(activated).toMatchObject({ modelId: 'engagement', version: 'ft-1', active: true, origin: 'learning' });
    const again = await store.activate('engagement', 'ft-1', new Date(Date.now() + 60_000));
    expect(again.activatedAt).toEqual(activated.activatedAt);
    const versions = (await store.versionsOf(['engagement'])).get('engagement')!;
    expect(versions.filter((v) => v.active).map((v) => v.version)).toEqual(['ft-1']);
    // Rollback.
    await store.activate('engagement', committed.engagement!);
    expect((await store.registry.activeOf(['engagement'])).get('engagement')?.version).toBe(committed.engagement);
  });

  it('refuses a model outside the catalog (naming modelId) and an unregistered version (naming version), leaving the active one', async () => {
    const refusal = async (modelId: string, version: string) => {
      const error = await store.activate(modelId, version).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidInputError);
      return (error as InvalidInputError).details.field;
    };
    expect(await refusal('no-such-model', '1.0.0')).toBe('modelId');
    expect(await refusal('engagement', '9.9.9')).toBe('version');
    expect((await store.registry.activeOf(['engagement'])).get('engagement')?.version).toBe(committed.engagement);
  });
});
