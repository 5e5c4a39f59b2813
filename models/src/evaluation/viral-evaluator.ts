/**
 * The content-viral model's entry for the evaluators' registry (evaluators.ts): how `pnpm eval
 * --model content-viral` loads the committed artifact, a trained version's directory or the
 * bytes the registry holds, and judges it with evaluateViral.
 */
import { CONTENT_VIRAL_ARTIFACT_DIR, readViralArtifact } from '../content-viral/artifact.js';
import type { ViralModelMetadata } from '../content-viral/metadata.js';
import { OfflineViralModel } from '../content-viral/offline-model.js';
import type { EvaluationSubject, ModelEvaluator } from './evaluators.js';
import { evaluateViral } from './viral-evaluation.js';

export const viralEvaluator: ModelEvaluator = {
  name: 'content-viral',
  // The content subgraph's database (subgraphs/content), where its model registry lives.
  database: 'content',
  committedArtifact: CONTENT_VIRAL_ARTIFACT_DIR,
  fromArtifact: async (dir) => viralSubject(await OfflineViralModel.load(await readViralArtifact(dir))),
  // As readViralArtifact takes a model.json: the registry stores the metadata training wrote.
  fromBytes: async (onnx, metadata) => viralSubject(await OfflineViralModel.load({ onnx, metadata: metadata as ViralModelMetadata })),
};

function viralSubject(model: OfflineViralModel): EvaluationSubject {
  return { version: model.version, evaluate: (channels, options) => evaluateViral(channels, model, options), dispose: () => model.dispose() };
}
