/**
 * What a training run leaves behind once the trainer hands over its artifact: the model judged on
 * data it never trained on, and a version directory with model.onnx, model.json (carrying that
 * report under `evaluation`), evaluation.json and training-curve.csv.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChannelRecord } from '@telepulse/dataset';
import { writeEngagementArtifact, type EngagementArtifact } from '../engagement/artifact.js';
import type { EngagementModelMetadata } from '../engagement/metadata.js';
import { OfflineEngagementModel } from '../engagement/offline-model.js';
import { evaluateEngagement } from '../evaluation/engagement-evaluation.js';
import type { EvaluationReport } from '../evaluation/evaluation-report.js';
import { reportJson } from '../evaluation/report-format.js';

export interface TrainedVersionOptions {
  /** Channels to judge the model on (their later part), and how to name them in the report. */
  judgedOn: { channels: readonly ChannelRecord[]; description: string };
  heldOutShare: number;
  /** training-curve.csv's content. */
  curveCsv: string;
  /** The version's directory (created when missing). */
  dir: string;
}

/** Evaluates the trained model and writes its directory; returns the metadata as written (with `evaluation`) and the report. */
export async function writeTrainedVersion(
  artifact: EngagementArtifact,
  options: TrainedVersionOptions,
): Promise<{ metadata: EngagementModelMetadata; report: EvaluationReport }> {
  const model = await OfflineEngagementModel.load(artifact);
  let report: EvaluationReport;
  try {
    report = { ...(await evaluateEngagement(options.judgedOn.channels, model, { heldOutShare: options.heldOutShare })), data: options.judgedOn.description };
  } finally {
    await model.dispose();
  }
  const metadata = { ...artifact.metadata, evaluation: report };
  await writeEngagementArtifact({ onnx: artifact.onnx, metadata }, options.dir);
  await writeFile(join(options.dir, 'training-curve.csv'), options.curveCsv);
  await writeFile(join(options.dir, 'evaluation.json'), reportJson(report));
  return { metadata, report };
}
