import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signGatewayProof } from '@telepulse/platform/gateway-proof';
import { activeModelsPath, artifactApiAuthorization, modelVersionPath, requestLineDigest, type ModelVersionResponse } from '@telepulse/models/registry/artifact-api';
import { ModelRegistry } from '@telepulse/models/registry/model-registry';
import { ModelFollower } from '@telepulse/models/runtime/model-follower';
import { PipelineSlot } from '@telepulse/models/runtime/pipeline-slot';
import { testMongo } from '../../../test/support/mongo.js';
import { mountArtifactRoutes } from '../src/artifact-api/artifact-routes.js';

type ApiError = { error: { code: string; message: string } };

const SECRET = 'a-test-subgraph-secret-of-at-least-32-characters';

/** Stands in for a model pipeline: what it was loaded from, and whether it was disposed. */
class FakePipeline {
  disposed = 0;
  constructor(
    readonly version: string,
    readonly bytes: number[] = [],
  ) {}
  async dispose() {
    this.disposed += 1;
  }
}

describe("the model follower against learning's artifact API (real HTTP, FerretDB)", () => {
  let mongo: Awaited<ReturnType<typeof testMongo>>;
  let learning: ModelRegistry;
  let local: ModelRegistry;
  let server: http.Server;
  let app: express.Express;
  let url: string;
  const bytes = { '1.0.0': Uint8Array.from([1, 2, 3]), '2.0.0': Uint8Array.from([4, 5, 6, 7]), broken: Uint8Array.from([9]) };

  beforeAll(async () => {
    mongo = await testMongo();
    learning = new ModelRegistry(mongo.db('learning'));
    local = new ModelRegistry(mongo.db('engagement'));
    for (const [version, onnx] of Object.entries(bytes)) await learning.register('m', version, onnx, { version, note: `meta ${version}` }, 'test');
    await learning.activate('m', '1.0.0');
    app = express();
    mountArtifactRoutes(app, { registry: learning, secret: SECRET });
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await mongo.drop();
  });

  const follower = (slot: PipelineSlot<FakePipeline>, learningUrl = url, loads: string[] = []) =>
    new ModelFollower({
      learningUrl,
      secret: SECRET,
      caller: 'engagement',
      intervalMs: 0,
      registry: local,
      timeoutMs: 2000,
      models: [
        {
          id: 'm',
          slot,
          load: async ({ onnx, metadata }) => {
            const { version } = metadata as { version: string };
            loads.push(version);
            if (version === 'broken') throw new Error('output y came back as [1], expected [1, 2]');
            return new FakePipeline(version, [...onnx]);
          },
        },
      ],
    });

  it('answers the active versions and one version with its bytes, to a caller with a proof', async () => {
    const get = async (path: string) => fetch(new URL(path, url), { headers: { authorization: await artifactApiAuthorization(SECRET, 'engagement', path, 5000) } });
    const active = await (await get(activeModelsPath())).json();
    expect(active).toEqual({ models: [{ modelId: 'm', version: '1.0.0', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), activatedAt: expect.any(String) }] });
    const version = (await (await get(modelVersionPath('m', '2.0.0'))).json()) as ModelVersionResponse;
    expect(version).toMatchObject({ modelId: 'm', version: '2.0.0', metadata: { version: '2.0.0', note: 'meta 2.0.0' } });
    expect([...Buffer.from(version.onnx, 'base64')]).toEqual([4, 5, 6, 7]);
    const missing = await get(modelVersionPath('m', '9.9.9'));
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as ApiError).error.code).toBe('NOT_FOUND');
  });

  it('refuses, as JSON, a request without a proof, with a proof for another path or secret, or without models:read', async () => {
    const path = activeModelsPath();
    const proof = (overrides: { secret?: string; scopes?: string[]; boundTo?: string }) =>
      signGatewayProof(overrides.secret ?? SECRET, {
        audience: 'learning',
        identity: { subject: 'service:engagement', scopes: overrides.scopes ?? ['models:read'] },
        trace: { requestId: 't', via: [] },
        timeoutMs: 5000,
        bodySha256: requestLineDigest('GET', overrides.boundTo ?? path),
      });
    const statuses = [];
    for (const authorization of [
      undefined,
      `Bearer ${await proof({ boundTo: modelVersionPath('m', '1.0.0') })}`,
      `Bearer ${await proof({ secret: 'another-secret-that-is-at-least-32-characters' })}`,
      `Bearer ${await proof({ scopes: ['admin'] })}`,
    ]) {
      const response = await fetch(new URL(path, url), { headers: authorization ? { authorization } : {} });
      statuses.push([response.status, ((await response.json()) as ApiError).error.code]);
    }
    expect(statuses).toEqual([
      [401, 'UNAUTHENTICATED'],
      [401, 'UNAUTHENTICATED'],
      [401, 'UNAUTHENTICATED'],
      [403, 'FORBIDDEN'],
    ]);
  });

  it('switches to the version learning activates: fetched, cached in the local registry as origin learning, swapped in, the old one disposed', async () => {
    const first = new FakePipeline('1.0.0');
    const slot = new PipelineSlot(first);
    const loads: string[] = [];
    const sync = follower(slot, url, loads);
    expect(await sync.sync()).toEqual({ switched: [] });
    expect(loads).toEqual([]);

    await learning.activate('m', '2.0.0');
    expect(await sync.sync()).toEqual({ switched: ['m: 1.0.0 -> 2.0.0'] });
    expect(slot.current).toMatchObject({ version: '2.0.0', bytes: [4, 5, 6, 7] });
    const cached = await local.loadActive('m');
    expect(cached?.version).toMatchObject({ version: '2.0.0', origin: 'learning', metadata: { note: 'meta 2.0.0' } });
    await slot.dispose();
    expect(first.disposed).toBe(1);

    // A rollback in learning is followed the same way.
    await learning.activate('m', '1.0.0');
    const again = new PipelineSlot(new FakePipeline('2.0.0'));
    expect(await follower(again).sync()).toEqual({ switched: ['m: 2.0.0 -> 1.0.0'] });
    expect(again.current.version).toBe('1.0.0');
    expect((await local.loadActive('m'))?.version.version).toBe('1.0.0');
    await again.dispose();
  });

  it('keeps serving a version that will not load and does not try it again until learning activates another; reports DEGRADED', async () => {
    await learning.activate('m', 'broken');
    const slot = new PipelineSlot(new FakePipeline('1.0.0'));
    const loads: string[] = [];
    const sync = follower(slot, url, loads);
    expect((await sync.sync()).error).toMatch(/broken from learning would not load: output y/);
    expect(await sync.sync()).toEqual({ switched: [] });
    expect(loads).toEqual(['broken']);
    expect(slot.current.version).toBe('1.0.0');
    expect(await sync.probe()).toMatchObject({ name: 'model-follower', status: 'DEGRADED', error: expect.stringMatching(/m@broken/) });
    await learning.activate('m', '1.0.0');
    await slot.dispose();
  });

  it('keeps serving while learning is unreachable, DEGRADED only after three failed syncs in a row, UP again after one that succeeds', async () => {
    const slot = new PipelineSlot(new FakePipeline('1.0.0'));
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    const deadUrl = `http://127.0.0.1:${port}`;
    await new Promise((resolve) => closed.close(resolve));

    const away = follower(slot, deadUrl);
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      expect((await away.sync()).error).toMatch(/did not answer GET \/models\/active/);
      statuses.push((await away.probe()).status);
    }
    expect(statuses).toEqual(['UP', 'UP', 'DEGRADED']);
    expect(slot.current.version).toBe('1.0.0');

    // Learning comes back where the follower looks for it.
    const back = http.createServer(app);
    await new Promise<void>((resolve) => back.listen(port, '127.0.0.1', resolve));
    try {
      expect(await away.sync()).toEqual({ switched: [] });
      expect(await away.probe()).toMatchObject({ status: 'UP', details: { failedSyncs: 0, serving: 'm@1.0.0' } });
    } finally {
      await new Promise((resolve) => back.close(resolve));
    }
    await slot.dispose();
  });
});
