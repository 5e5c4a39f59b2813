/**
 * The growth model's entry for the evaluators' registry (evaluators.ts): how `pnpm eval --model
 * growth` loads the committed artifact, a trained version's directory or the bytes the registry
 * holds, and judges it with evaluateGrowth.
 */
import { GROWTH_ARTIFACT_DIR, readGrowthArtifact } from '../growth/artifact.js';
import type { GrowthModelMetadata } from '../growth/metadata.js';
import { OfflineGrowthModel } from '../growth/offline-model.js';
import type { EvaluationSubject, ModelEvaluator } from './evaluators.js';
import { evaluateGrowth } from './growth-evaluation.js';

export const growthEvaluator: ModelEvaluator = {
  name: 'growth',
  // subgraphs/growth/subgraph.ts: `database: 'growth'`.
  database: 'growth',
  committedArtifact: GROWTH_ARTIFACT_DIR,
  fromArtifact: async (dir) => growthSubject(await OfflineGrowthModel.load(await readGrowthArtifact(dir))),
  // As readGrowthArtifact takes a model.json: the registry stores the metadata training wrote.
  fromBytes: async (onnx, metadata) => growthSubject(await OfflineGrowthModel.load({ onnx, metadata: metadata as GrowthModelMetadata })),
};

function growthSubject(model: OfflineGrowthModel): EvaluationSubject {
  return { version: model.version, evaluate: (channels, options) => evaluateGrowth(channels, model, options), dispose: () => model.dispose() };
}
