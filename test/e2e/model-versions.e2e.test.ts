import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateChannels } from '@telepulse/dataset';
import { seedChannels } from '@telepulse/devstack/seed';
import engagement from '@telepulse/engagement/subgraph';
import learning from '@telepulse/learning/subgraph';
import { modelCatalog } from '@telepulse/models/catalog/model-catalog';
import { committedArtifactReader } from '@telepulse/models/catalog/model-artifacts';
import { readEngagementArtifact } from '@telepulse/models/engagement/artifact';
import type { ServiceHealthReport } from '@telepulse/platform/health';
import { testMongo } from '../support/mongo.js';
import { pollUntil } from '../support/poll.js';
import { startStack } from '../support/stack.js';

const channels = simulateChannels({ seed: 12, channels: 2, days: 20, idPrefix: 'mv' });
const features = { hourOfDay: 19, dayOfWeek: 2, contentLength: 240, hasMedia: true };
const PREDICT = `mutation($c: ID!, $f: EngagementFeaturesInput!) { predictEngagement(channelId: $c, features: $f) { id modelVersion } }`;
const ACTIVATE = `mutation($m: ID!, $v: String!) {
  activateModelVersion(modelId: $m, version: $v) { model { id } version origin active activatedAt lineage { parentVersion strategy feedbackUsed epochs } }
}`;
const VERSIONS = `query($m: ID!) { model(id: $m) { id versions { version origin active activatedAt lineage { parentVersion strategy } } } }`;
/** The version a training job would register: the committed bytes under another version, with a lineage. */
const CHALLENGER = '2.1.0-mv.1';

describe('model versions through the gateway: learning owns them, the predicting subgraphs follow', () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  let stack: Awaited<ReturnType<typeof startStack>>;
  let committed: string;

  const predictVersion = async (channel = channels[0]!.id) => {
    const result = await stack.query<{ predictEngagement: { modelVersion: string } }>(PREDICT, { c: channel, f: features });
    if (result.errors || !result.data) throw new Error(`prediction failed: ${JSON.stringify(result.errors)}`);
    return result.data.predictEngagement.modelVersion;
  };

  beforeAll(async () => {
    mongo = await testMongo();
    stack = await startStack({ mongodbUri: mongo.uri, prefix: mongo.prefix });
    await seedChannels(stack.query, channels);
    const artifact = await readEngagementArtifact();
    committed = artifact.metadata.version;
    // As a learning job would: straight into learning's registry, not activated.
    await stack
      .runtime(learning)
      .versions.registry.register(
        'engagement',
        CHALLENGER,
        artifact.onnx,
        {
          ...artifact.metadata,
          version: CHALLENGER,
          lineage: { parentVersion: committed, strategy: 'INCREMENTAL', dataFrom: '2026-11-01T00:00:00.000Z', dataTo: '2026-11-30T00:00:00.000Z', feedbackUsed: 64, replayUsed: 256, heldOut: 16, learningRate: 0.0005, epochs: 2 },
        },
        'learning',
      );
  });
  afterAll(async () => {
    await stack?.stop();
    await mongo?.drop();
  });

  it("lists learning in systemHealth, and each catalog model's committed version as its active one", async () => {
    const result = await stack.query(`{ systemHealth { services { name status } } models { id versions { version origin active lineage { strategy } } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data!.systemHealth.services).toContainEqual({ name: 'learning', status: 'UP' });
    for (const { id } of modelCatalog()) {
      const version = (await committedArtifactReader(id)()).metadata.version;
      const versions = (result.data!.models as { id: string; versions: unknown[] }[]).find((m) => m.id === id)!.versions;
      expect(versions).toContainEqual({ version, origin: 'artifact', active: true, lineage: null });
    }
  });

  it('switches engagement to a version activated in learning and rolls back, and no prediction fails while they switch', async () => {
    expect(await predictVersion()).toBe(committed);
    const firstPipeline = stack.runtime(engagement).predictor;
    // Predictions keep going, concurrently, through both switches.
    let switching = true;
    const served: string[] = [];
    const failures: string[] = [];
    const traffic = Promise.all(
      channels.map(async (channel) => {
        while (switching) {
          await predictVersion(channel.id).then(
            (version) => served.push(version),
            (error: Error) => failures.push(error.message),
          );
        }
      }),
    );

    const activated = await stack.query(ACTIVATE, { m: 'engagement', v: CHALLENGER });
    expect(activated.errors).toBeUndefined();
    expect(activated.data!.activateModelVersion).toEqual({
      model: { id: 'engagement' },
      version: CHALLENGER,
      origin: 'learning',
      active: true,
      activatedAt: expect.any(String),
      lineage: { parentVersion: committed, strategy: 'INCREMENTAL', feedbackUsed: 64, epochs: 2 },
    });
    await pollUntil(() => predictVersion(), (version) => version === CHALLENGER);
    const challengerPipeline = stack.runtime(engagement).predictor;
    expect(challengerPipeline.version).toBe(CHALLENGER);
    // Its serving counters and reference statistics (what monitoring and drift read) follow the version in service.
    const serving = await stack.query(`{ engagementServing { version } engagementServingReference { version } }`);
    expect(serving.data).toEqual({ engagementServing: { version: CHALLENGER }, engagementServingReference: { version: CHALLENGER } });

    const listed = await stack.query(VERSIONS, { m: 'engagement' });
    expect(listed.data!.model.versions).toEqual([
      { version: CHALLENGER, origin: 'learning', active: true, activatedAt: activated.data!.activateModelVersion.activatedAt, lineage: { parentVersion: committed, strategy: 'INCREMENTAL' } },
      { version: committed, origin: 'artifact', active: false, activatedAt: null, lineage: null },
    ]);

    const rolledBack = await stack.query(ACTIVATE, { m: 'engagement', v: committed });
    expect(rolledBack.errors).toBeUndefined();
    expect(rolledBack.data!.activateModelVersion).toMatchObject({ version: committed, active: true, lineage: null });
    await pollUntil(() => predictVersion(), (version) => version === committed);
    switching = false;
    await traffic;

    expect(failures).toEqual([]);
    // Both pipelines swapped out are let go (their worker threads stopped) once their requests ended.
    for (const retired of [firstPipeline, challengerPipeline]) await pollUntil(() => retired.probe(), (check) => check.details?.loaded === false);
    expect(new Set(served)).toEqual(new Set([committed, CHALLENGER]));
    // Every prediction records the version that served it, the challenger's included.
    const stored = await stack.db('engagement').collection('engagement_predictions').distinct('modelVersion');
    expect(stored.sort()).toEqual([committed, CHALLENGER].sort());
    // The engagement subgraph cached what it followed, and its follower reports healthy.
    const cached = await stack.db('engagement').collection('model_versions').findOne({ _id: `engagement@${CHALLENGER}` as never });
    expect(cached).toMatchObject({ origin: 'learning' });
    const health = (await (await fetch(new URL('/health', stack.url(engagement)))).json()) as ServiceHealthReport;
    expect(health.checks.find((c) => c.name === 'model-follower')).toMatchObject({ status: 'UP', details: { serving: `engagement@${committed}` } });
    expect(health.checks.find((c) => c.name === 'model:engagement')).toMatchObject({ status: 'UP', details: { version: committed, loaded: true } });
  });

  it('activating the active version again changes nothing', async () => {
    const before = await stack.query(VERSIONS, { m: 'engagement' });
    const again = await stack.query(ACTIVATE, { m: 'engagement', v: committed });
    expect(again.errors).toBeUndefined();
    const after = await stack.query(VERSIONS, { m: 'engagement' });
    expect(after.data).toEqual(before.data);
    expect(again.data!.activateModelVersion.activatedAt).toBe(before.data!.model.versions.find((v: { active: boolean }) => v.active).activatedAt);
  });

  it('refuses a version not registered (naming version) and a model not in the catalog (naming modelId), switching nothing', async () => {
    const unknownVersion = await stack.query(ACTIVATE, { m: 'engagement', v: '9.9.9' });
    expect(unknownVersion.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'version' });
    const unknownModel = await stack.query(ACTIVATE, { m: 'no-such-model', v: committed });
    expect(unknownModel.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'modelId' });
    const listed = await stack.query(VERSIONS, { m: 'engagement' });
    expect(listed.data!.model.versions.filter((v: { active: boolean }) => v.active).map((v: { version: string }) => v.version)).toEqual([committed]);
  });

  it('needs the admin scope to switch', async () => {
    const anonymous = await stack.query(ACTIVATE, { m: 'engagement', v: CHALLENGER }, { token: null });
    expect(anonymous.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    const predictOnly = await stack.query(ACTIVATE, { m: 'engagement', v: CHALLENGER }, { token: await stack.token({ scopes: ['predict', 'feedback'] }) });
    expect(predictOnly.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', missingScopes: ['admin'] });
    expect(await predictVersion()).toBe(committed);
  });

  it('keeps predicting while learning is down, the follower DEGRADED in health after failed syncs, and UP again once learning is back', async () => {
    const follower = async () => ((await (await fetch(new URL('/health', stack.url(engagement)))).json()) as ServiceHealthReport).checks.find((c) => c.name === 'model-follower')!;
    await stack.stopSubgraph(learning);
    try {
      const degraded = await pollUntil(follower, (check) => check.status === 'DEGRADED');
      expect(degraded.error).toMatch(/did not answer GET \/models\/active/);
      expect(await predictVersion()).toBe(committed);
    } finally {
      await stack.restartSubgraph(learning);
    }
    await pollUntil(follower, (check) => check.status === 'UP');
    expect(await predictVersion()).toBe(committed);
  });
});
