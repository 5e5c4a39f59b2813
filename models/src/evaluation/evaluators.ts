/**
 * The models `pnpm eval` knows, by name: how to load one (the committed artifact, a trained
 * version's directory, or the bytes the registry holds) and how to evaluate it on channels. A
 * new model (growth, content) is one more entry.
 */
import type { ChannelRecord } from '@telepulse/dataset';
import { ENGAGEMENT_ARTIFACT_DIR, readEngagementArtifact } from '../engagement/artifact.js';
import { upgradeEngagementMetadata } from '../engagement/metadata.js';
import { OfflineEngagementModel } from '../engagement/offline-model.js';
import { evaluateEngagement } from './engagement-evaluation.js';
import type { EvaluationOptions, ModelReport } from './evaluation-report.js';
import { contentCnnEvaluator } from './content-cnn-evaluator.js';
import { growthEvaluator } from './growth-evaluator.js';
import { viralEvaluator } from './viral-evaluator.js';

/** A loaded model, ready to be judged. */
export interface EvaluationSubject {
  version: string;
  /** Judges the model on the held-out part of each channel; the report's kind is the model's (report-format.ts prints either). */
  evaluate(channels: readonly ChannelRecord[], options?: EvaluationOptions): Promise<ModelReport>;
  dispose(): Promise<void>;
}

export interface ModelEvaluator {
  /** The model's name, in the registry and in `--model`. */
  name: string;
  /** The database (after the MONGODB_DB_PREFIX and `_`) of the subgraph that serves it: its model registry lives there. */
  database: string;
  /** Where the committed artifact lives. */
  committedArtifact: string;
  /** The version in `dir` (model.onnx + model.json); the committed artifact by default. */
  fromArtifact(dir?: string): Promise<EvaluationSubject>;
  /** A version as the registry stores it. */
  fromBytes(onnx: Uint8Array, metadata: unknown): Promise<EvaluationSubject>;
}

const engagement: ModelEvaluator = {
  name: 'engagement',
  // subgraphs/engagement/subgraph.ts: `database: 'engagement'`.
  database: 'engagement',
  committedArtifact: ENGAGEMENT_ARTIFACT_DIR,
  fromArtifact: async (dir) => engagementSubject(await OfflineEngagementModel.load(await readEngagementArtifact(dir))),
  fromBytes: async (onnx, metadata) => engagementSubject(await OfflineEngagementModel.load({ onnx, metadata: upgradeEngagementMetadata(metadata) })),
};

function engagementSubject(model: OfflineEngagementModel): EvaluationSubject {
  return { version: model.version, evaluate: (channels, options) => evaluateEngagement(channels, model, options), dispose: () => model.dispose() };
}

export const EVALUATORS = { engagement, growth: growthEvaluator, 'content-cnn': contentCnnEvaluator, 'content-viral': viralEvaluator } satisfies Record<string, ModelEvaluator>;

export type EvaluatedModelName = keyof typeof EVALUATORS;

/** The evaluator of `name`, or undefined for a model with none. */
export function evaluatorFor(name: string): ModelEvaluator | undefined {
  return Object.hasOwn(EVALUATORS, name) ? EVALUATORS[name as EvaluatedModelName] : undefined;
}
