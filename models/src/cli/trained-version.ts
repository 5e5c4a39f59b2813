/**
 * What a training run leaves behind once the trainer hands over its artifact: the model judged on
 * data it never trained on (by its evaluator in `pnpm eval`, when it has one), and a version
 * directory with model.onnx, model.json (carrying that report under `evaluation`),
 * evaluation.json and training-curve.csv.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChannelRecord } from '@telepulse/dataset';
import { evaluatorFor } from '../evaluation/evaluators.js';
import type { EvaluationReport } from '../evaluation/evaluation-report.js';
import { reportJson } from '../evaluation/report-format.js';
import { writeArtifactFiles } from '../runtime/artifact-files.js';
import type { ServedModelMetadata } from '../runtime/model-io.js';

export interface TrainedVersionOptions {
  /** Channels to judge the model on (their later part), and how to name them in the report. */
  judgedOn: { channels: readonly ChannelRecord[]; description: string };
  heldOutShare: number;
  /** training-curve.csv's content. */
  curveCsv: string;
  /** The version's directory (created when missing). */
  dir: string;
}

/**
 * Evaluates the trained model with the evaluator of its name (none yet: no report, no
 * evaluation.json) and writes its directory; returns the metadata as written (with `evaluation`
 * when judged), the report, and the files written.
 */
export async function writeTrainedVersion<M extends ServedModelMetadata>(
  artifact: { onnx: Uint8Array; metadata: M },
  options: TrainedVersionOptions,
): Promise<{ metadata: M & { evaluation?: EvaluationReport }; report: EvaluationReport | null; files: string[] }> {
  const evaluator = evaluatorFor(artifact.metadata.name);
  let report: EvaluationReport | null = null;
  if (evaluator) {
    const subject = await evaluator.fromBytes(artifact.onnx, artifact.metadata);
    try {
      report = { ...(await subject.evaluate(options.judgedOn.channels, { heldOutShare: options.heldOutShare })), data: options.judgedOn.description };
    } finally {
      await subject.dispose();
    }
  }
  const metadata = report ? { ...artifact.metadata, evaluation: report } : artifact.metadata;
  await writeArtifactFiles(options.dir, { onnx: artifact.onnx, metadata });
  await writeFile(join(options.dir, 'training-curve.csv'), options.curveCsv);
  const files = ['model.onnx', 'model.json', 'training-curve.csv'];
  if (report) {
    await writeFile(join(options.dir, 'evaluation.json'), reportJson(report));
    files.push('evaluation.json');
  }
  return { metadata, report, files };
}
