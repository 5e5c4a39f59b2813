import { isMongoUnavailable } from '@telepulse/platform/mongo';
import type { LoadedModel, ModelRegistry } from './model-registry.js';

/**
 * "registry": the active version in MongoDB; "artifact": the committed file (registry
 * unreachable); "learning": a version the model follower fetched from learning while serving.
 */
export type ModelSource = 'registry' | 'artifact' | 'learning';

export interface ResolvedModel<M> {
  onnx: Uint8Array;
  /** As stored: a version registered long ago may carry an older metadata layout. */
  metadata: M;
  version: string;
  source: ModelSource;
}

/**
 * Which bytes to serve at start: the registry's active version; when the registry has none,
 * the committed artifact, registered and activated so the registry holds it from then on; when
 * MongoDB cannot be reached, the committed artifact alone, so predictions keep their model.
 *
 * A release that commits a new artifact version supersedes an active version that itself came
 * from an artifact (registered, activated; the old one stays for a rollback). A version someone
 * chose (trained and activated, or switched to by hand) is never overridden by a deploy; nor is
 * an artifact version already registered, so running an older checkout does not downgrade.
 */
export async function resolveModel<M extends { version: string }>(
  registry: ModelRegistry,
  name: string,
  artifact: () => Promise<{ onnx: Uint8Array; metadata: M }>,
): Promise<ResolvedModel<M>> {
  try {
    const active = await registry.loadActive<M>(name);
    if (active && active.version.origin !== 'artifact') return fromRegistry(active);
    const committed = active ? await artifact() : null;
    if (active && (committed!.metadata.version === active.version.version || (await registry.isRegistered(name, committed!.metadata.version)))) {
      return fromRegistry(active);
    }
    return await registerCommitted(committed ?? (await artifact()));
  } catch (error) {
    if (!isMongoUnavailable(error)) throw error;
    const committed = await artifact();
    return { ...committed, version: committed.metadata.version, source: 'artifact' };
  }

  async function registerCommitted(committed: { onnx: Uint8Array; metadata: M }): Promise<ResolvedModel<M>> {
    await registry.register(name, committed.metadata.version, committed.onnx, committed.metadata, 'artifact');
    await registry.activate(name, committed.metadata.version);
    return { ...committed, version: committed.metadata.version, source: 'registry' };
  }
}

function fromRegistry<M>(active: LoadedModel<M>): ResolvedModel<M> {
  return { onnx: active.onnx, metadata: active.version.metadata, version: active.version.version, source: 'registry' };
}
