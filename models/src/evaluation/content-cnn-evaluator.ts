/**
 * The content CNN's entry for the evaluators' registry (evaluators.ts): how `pnpm eval --model
 * content-cnn` loads the committed artifact, a trained version's directory or the bytes the
 * registry holds, and judges it with evaluateContentCnn.
 */
import { CONTENT_CNN_ARTIFACT_DIR, readContentCnnArtifact } from '../content-cnn/artifact.js';
import type { ContentCnnModelMetadata } from '../content-cnn/metadata.js';
import { OfflineContentCnnModel } from '../content-cnn/offline-model.js';
import { evaluateContentCnn } from './content-cnn-evaluation.js';
import type { EvaluationSubject, ModelEvaluator } from './evaluators.js';

export const contentCnnEvaluator: ModelEvaluator = {
  name: 'content-cnn',
  // The content subgraph's database (subgraphs/content): its model registry lives there.
  database: 'content',
  committedArtifact: CONTENT_CNN_ARTIFACT_DIR,
  fromArtifact: async (dir) => contentCnnSubject(await OfflineContentCnnModel.load(await readContentCnnArtifact(dir))),
  // As readContentCnnArtifact takes a model.json: the registry stores the metadata training wrote.
  fromBytes: async (onnx, metadata) => contentCnnSubject(await OfflineContentCnnModel.load({ onnx, metadata: metadata as ContentCnnModelMetadata })),
};

function contentCnnSubject(model: OfflineContentCnnModel): EvaluationSubject {
  return { version: model.version, evaluate: (channels, options) => evaluateContentCnn(channels, model, options), dispose: () => model.dispose() };
}
