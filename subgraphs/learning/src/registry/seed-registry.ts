/**
 * Learning's registry at its start: every catalog model gets its committed artifact registered
 * and activated when it has no active version, by the same rule a predicting subgraph used to
 * apply to its own registry (resolveModel: a newer committed artifact supersedes an active
 * artifact version; a version someone chose or trained is never overridden by a deploy).
 */
import { modelCatalog } from '@telepulse/models/catalog/model-catalog';
import { committedArtifactReader } from '@telepulse/models/catalog/model-artifacts';
import type { ModelRegistry } from '@telepulse/models/registry/model-registry';
import { resolveModel } from '@telepulse/models/registry/resolve-model';

export interface SeedOutcome {
  /** The active version of each model, by id, once seeded. */
  active: Map<string, string>;
  /** Models whose registry could not be reached (MongoDB unavailable): to be seeded again. */
  unreachable: string[];
}

/** Seeds `registry` from the committed artifacts of `models` (default: the whole catalog); writes only what the rule says. */
export async function seedRegistry(registry: ModelRegistry, models: readonly string[] = modelCatalog().map((m) => m.id)): Promise<SeedOutcome> {
  const outcome: SeedOutcome = { active: new Map(), unreachable: [] };
  for (const id of models) {
    const resolved = await resolveModel(registry, id, committedArtifactReader(id));
    // resolveModel falls back to the artifact alone only when MongoDB cannot be reached.
    if (resolved.source === 'artifact') outcome.unreachable.push(id);
    else outcome.active.set(id, resolved.version);
  }
  return outcome;
}
