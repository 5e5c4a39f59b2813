/**
 * Learning's view of its model registry (`model_versions`, GridFS `model_files`,
 * `active_models`, kept by the model kit's ModelRegistry): versions with their active flag and
 * lineage, and the switch of the active version.
 */
import type { Db } from 'mongodb';
import { ModelRegistry } from '@telepulse/models/registry/model-registry';
import { assertCatalogModel, unregisteredVersion } from '../domain/activation-input.js';
import { lineageOf } from '../domain/lineage.js';
import { newestFirst, type ModelVersionView } from '../domain/model-version.js';

export class VersionStore {
  readonly registry: ModelRegistry;

  constructor(db: Db) {
    this.registry = new ModelRegistry(db);
  }

  /** The versions of each of `modelIds`, newest first: two queries whatever their number. */
  async versionsOf(modelIds: readonly string[]): Promise<Map<string, ModelVersionView[]>> {
    const [docs, active] = await Promise.all([this.registry.listVersions(modelIds, ['lineage']), this.registry.activeOf(modelIds)]);
    const byModel = new Map<string, ModelVersionView[]>(modelIds.map((id) => [id, []]));
    for (const doc of docs) {
      const current = active.get(doc.name);
      const isActive = current?.version === doc.version;
      byModel.get(doc.name)?.push({
        modelId: doc.name,
        version: doc.version,
        origin: doc.origin,
        registeredAt: doc.registeredAt,
        active: isActive,
        activatedAt: isActive ? current!.activatedAt : null,
        lineage: lineageOf(doc._id, doc.metadata),
      });
    }
    for (const views of byModel.values()) views.sort(newestFirst);
    return byModel;
  }

  /** One version of `modelId`, or null when it is not registered. */
  async versionOf(modelId: string, version: string): Promise<ModelVersionView | null> {
    return (await this.versionsOf([modelId])).get(modelId)?.find((v) => v.version === version) ?? null;
  }

  /**
   * Makes `version` the active version of `modelId`. Idempotent: activating the version already
   * active writes nothing (its activation time stays). Throws BAD_USER_INPUT naming `modelId`
   * (not in the catalog) or `version` (not registered), before any write.
   */
  async activate(modelId: string, version: string, now = new Date()): Promise<ModelVersionView> {
    assertCatalogModel(modelId);
    if (!(await this.registry.isRegistered(modelId, version))) throw unregisteredVersion(modelId, version);
    const current = (await this.registry.activeOf([modelId])).get(modelId);
    if (current?.version !== version) await this.registry.activate(modelId, version, now);
    const view = await this.versionOf(modelId, version);
    if (!view) throw unregisteredVersion(modelId, version);
    return view;
  }
}
