/**
 * Learning's internal artifact API on its own HTTP server (see
 * models/src/registry/artifact-api.ts for the contract): which version of each model is active,
 * and one version's bytes and metadata. Answers JSON always; 401/403 before any database read
 * for a caller without a valid proof.
 */
import type { Express, Request, Response } from 'express';
import { DomainError } from '@telepulse/platform';
import { isMongoUnavailable } from '@telepulse/platform/mongo';
import type { ActiveModelsResponse, ModelVersionResponse } from '@telepulse/models/registry/artifact-api';
import type { ModelRegistry } from '@telepulse/models/registry/model-registry';
import { checkCallerProof } from './caller-proof.js';

const STATUS: Partial<Record<string, number>> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404 };

/** Mounts GET /models/active and GET /models/:modelId/versions/:version on `app`. */
export function mountArtifactRoutes(app: Express, { registry, secret }: { registry: ModelRegistry; secret: string }): void {
  app.get('/models/active', (req, res) =>
    answer(req, res, secret, async (): Promise<ActiveModelsResponse> => {
      const active = await registry.listActive();
      return { models: active.map((a) => ({ modelId: a.name, version: a.version, sha256: a.sha256, activatedAt: a.activatedAt.toISOString() })) };
    }),
  );
  app.get('/models/:modelId/versions/:version', (req, res) =>
    answer(req, res, secret, async (): Promise<ModelVersionResponse | null> => {
      const { modelId, version } = req.params as { modelId: string; version: string };
      const loaded = await registry.loadVersion(modelId, version);
      if (!loaded) return null;
      return { modelId, version, sha256: loaded.version.sha256, metadata: loaded.version.metadata, onnx: Buffer.from(loaded.onnx).toString('base64') };
    }),
  );
}

async function answer(req: Request, res: Response, secret: string, read: () => Promise<object | null>): Promise<void> {
  try {
    // The raw path as sent (still percent-encoded): what the caller's proof is bound to.
    await checkCallerProof(secret, req.headers.authorization, req.method, req.originalUrl.split('?')[0]!);
    const body = await read();
    if (body === null) {
      res.status(404).json({ error: { code: 'NOT_FOUND', message: `no registered version at ${req.originalUrl}` } });
      return;
    }
    res.status(200).json(body);
  } catch (error) {
    if (error instanceof DomainError) {
      const status = STATUS[error.code] ?? 400;
      if (status === 401) res.setHeader('www-authenticate', 'Bearer realm="telepulse-learning"');
      res.status(status).json({ error: { code: error.code, message: error.message } });
      return;
    }
    if (isMongoUnavailable(error)) {
      // The followers keep serving what they have and ask again; nothing to log on every sync.
      res.status(503).json({ error: { code: 'SERVICE_UNAVAILABLE', message: 'the registry is unreachable (MongoDB)' } });
      return;
    }
    console.error(`[learning] ${req.method} ${req.originalUrl}: ${(error as Error).stack ?? String(error)}`);
    res.status(500).json({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'the registry could not be read' } });
  }
}
