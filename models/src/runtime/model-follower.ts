/**
 * The model follower of a predicting subgraph: learning owns which version of each model is
 * active; every `intervalMs` the follower asks learning's artifact API which it is, and when a
 * model it serves has another active version it fetches that version, checks its bytes'
 * sha256, caches it in the subgraph's own registry (registered with origin `learning` and
 * activated, so a restart serves it even while learning is away), loads a warmed-up pipeline and
 * swaps it into the model's slot (the old one is disposed once the requests using it end).
 * Learning unreachable: the subgraph keeps serving what it has; its health shows the follower
 * DEGRADED after `degradedAfter` failed syncs in a row.
 */
import { createHash } from 'node:crypto';
import type { HealthCheck } from '@telepulse/platform/health';
import { isMongoUnavailable } from '@telepulse/platform/mongo';
import { activeModelsPath, artifactApiAuthorization, modelVersionPath, type ActiveModelsResponse, type ModelVersionResponse } from '../registry/artifact-api.js';
import type { ModelRegistry } from '../registry/model-registry.js';
import type { PipelineSlot, SlotPipeline } from './pipeline-slot.js';

/** One model the subgraph serves and follows. */
export interface FollowedModel<P extends SlotPipeline> {
  /** The catalog id, which is its registry name. */
  id: string;
  slot: PipelineSlot<P>;
  /** Builds a warmed-up pipeline from a version's bytes and stored metadata (throws when they break the model's contract). */
  load: (version: { onnx: Uint8Array; metadata: unknown }) => Promise<P>;
}

export interface ModelFollowerOptions {
  /** Learning's origin, e.g. `http://127.0.0.1:4008` (LEARNING_URL). */
  learningUrl: string;
  /** SUBGRAPH_SECRET, which the proofs are signed with. */
  secret: string;
  /** The subgraph's name: the proofs act for `service:<caller>`. */
  caller: string;
  /** How often learning is asked (MODEL_SYNC_MS); 0: never (the follower only answers `sync` calls). */
  intervalMs: number;
  /** The subgraph's own registry: its cache of what learning activated. */
  registry: ModelRegistry;
  models: readonly FollowedModel<any>[];
  /** How long one request to learning may take. Default 10 s. */
  timeoutMs?: number;
  /** Failed syncs in a row after which the follower reports DEGRADED. Default 3. */
  degradedAfter?: number;
  /** Each swap made, as it is made (logs). */
  onSwitch?: (modelId: string, from: string, to: string) => void;
}

/** What one sync did. */
export interface SyncOutcome {
  /** `<model>: <from> -> <to>` for each model switched. */
  switched: string[];
  error?: string;
}

export class ModelFollower {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<SyncOutcome> | undefined;
  private stopped = false;
  private failures = 0;
  private lastError: string | undefined;
  private lastSuccessAt: Date | undefined;
  /** A version (by model) whose pipeline would not load: not tried again until learning activates another. */
  private readonly rejected = new Map<string, string>();

  constructor(private readonly options: ModelFollowerOptions) {}

  /** Starts the periodic sync (the first one after `intervalMs`: the subgraph already serves its cached version). */
  start(): this {
    if (this.options.intervalMs > 0 && !this.stopped) this.schedule();
    return this;
  }

  /** One sync now (or the one in progress): never throws; the outcome says what happened. */
  sync(): Promise<SyncOutcome> {
    this.running ??= this.syncOnce().finally(() => (this.running = undefined));
    return this.running;
  }

  /** The `model-follower` health check. */
  readonly probe = async (): Promise<HealthCheck> => {
    const degraded = this.failures >= (this.options.degradedAfter ?? 3) || this.rejected.size > 0;
    const error = this.rejected.size > 0 ? `versions that would not load: ${[...this.rejected].map(([id, v]) => `${id}@${v}`).join(', ')}` : this.lastError;
    return {
      name: 'model-follower',
      status: degraded ? 'DEGRADED' : 'UP',
      details: {
        learningUrl: this.options.learningUrl,
        intervalMs: this.options.intervalMs,
        serving: this.options.models.map((m) => `${m.id}@${m.slot.current.version}`).join(', '),
        failedSyncs: this.failures,
        lastSuccessAt: this.lastSuccessAt?.toISOString() ?? null,
      },
      ...(degraded && error ? { error } : {}),
    };
  };

  /** Stops syncing and waits for a sync in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    this.timer = setTimeout(async () => {
      await this.sync();
      if (!this.stopped) this.schedule();
    }, this.options.intervalMs);
    this.timer.unref();
  }

  private async syncOnce(): Promise<SyncOutcome> {
    const switched: string[] = [];
    try {
      const active = await this.get<ActiveModelsResponse>(activeModelsPath());
      for (const model of this.options.models) {
        if (this.stopped) break;
        const wanted = active.models.find((m) => m.modelId === model.id);
        // Learning has no active version of it (not seeded yet): keep serving ours.
        if (!wanted || wanted.version === model.slot.current.version) continue;
        if (this.rejected.get(model.id) === `${wanted.version}#${wanted.sha256}`) continue;
        const from = model.slot.current.version;
        await this.follow(model, wanted);
        switched.push(`${model.id}: ${from} -> ${wanted.version}`);
      }
      this.failures = 0;
      this.lastError = undefined;
      this.lastSuccessAt = new Date();
      return { switched };
    } catch (error) {
      this.failures += 1;
      this.lastError = (error as Error).message;
      if (this.failures === (this.options.degradedAfter ?? 3)) console.warn(`[${this.options.caller}] model follower: ${this.failures} syncs with learning failed in a row: ${this.lastError}`);
      return { switched, error: this.lastError };
    }
  }

  private async follow(model: FollowedModel<any>, wanted: { version: string; sha256: string }): Promise<void> {
    const found = await this.get<ModelVersionResponse>(modelVersionPath(model.id, wanted.version));
    const onnx = new Uint8Array(Buffer.from(found.onnx, 'base64'));
    const sha256 = createHash('sha256').update(onnx).digest('hex');
    if (sha256 !== found.sha256 || sha256 !== wanted.sha256) {
      throw new Error(`${model.id}@${wanted.version} from learning: the bytes hash to ${sha256.slice(0, 12)}, learning announced ${wanted.sha256.slice(0, 12)}`);
    }
    await this.cache(model.id, wanted.version, onnx, found.metadata);
    let pipeline: SlotPipeline;
    try {
      pipeline = await model.load({ onnx, metadata: found.metadata });
    } catch (error) {
      this.rejected.set(model.id, `${wanted.version}#${wanted.sha256}`);
      throw new Error(`${model.id}@${wanted.version} from learning would not load: ${(error as Error).message}`, { cause: error });
    }
    this.rejected.delete(model.id);
    const from = model.slot.current.version;
    // Resolves once the old pipeline is disposed; the sync need not wait for the requests still on it.
    void model.slot.swap(pipeline);
    this.options.onSwitch?.(model.id, from, wanted.version);
  }

  /** Registers and activates the version in the subgraph's own registry; with MongoDB away it is served uncached. */
  private async cache(modelId: string, version: string, onnx: Uint8Array, metadata: unknown): Promise<void> {
    try {
      await this.options.registry.register(modelId, version, onnx, metadata, 'learning');
      await this.options.registry.activate(modelId, version);
    } catch (error) {
      if (!isMongoUnavailable(error)) throw error;
      console.warn(`[${this.options.caller}] ${modelId}@${version} served without caching it: MongoDB unreachable`);
    }
  }

  private async get<T>(path: string): Promise<T> {
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    const url = new URL(path, this.options.learningUrl);
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { authorization: await artifactApiAuthorization(this.options.secret, this.options.caller, path, timeoutMs), accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new Error(`learning at ${this.options.learningUrl} did not answer GET ${path}: ${(error as Error).message}`, { cause: error });
    }
    if (!response.ok) throw new Error(`learning answered GET ${path} with ${response.status}: ${(await response.text()).slice(0, 200)}`);
    return (await response.json()) as T;
  }
}
