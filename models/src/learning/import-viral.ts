/**
 * The inverse of content-viral/training/export-onnx.ts: the viral encoder's weights read back
 * from an exported version's ONNX bytes, in the ViralWeights layout its trainer and exporter use.
 * The exporter writes every weight as an initializer under its own name (`block0.qkvKernel`…)
 * in the trainer's layout, so the import is a lookup with shapes checked against the metadata's
 * architecture; the constants it folds into the graph (the attention's 1/√d_head, the padding id)
 * follow from the architecture and are checked, not read.
 *
 * Not yet fine-tuned from feedback: a served viral detection stores no model input (its
 * `modelInput` is null), so feedback on it gives no labelled example.
 */
import { PreconditionError } from '@telepulse/platform';
import { CONTENT_PAD } from '../content/tokenizer.js';
import type { ViralModelMetadata } from '../content-viral/metadata.js';
import { mapWeights, resolveViralArchitecture, viralWeightShapes, type ViralWeights, type WeightValues } from '../content-viral/training/architecture.js';
import { readOnnxWeights } from './onnx-weights.js';

/**
 * Every weight of the viral encoder of `metadata.architecture`, from the ONNX bytes. Pure. Throws
 * PreconditionError naming the initializer when the bytes do not hold the network the metadata describes.
 */
export function importViralWeights(onnx: Uint8Array, metadata: ViralModelMetadata): ViralWeights<WeightValues> {
  const architecture = resolveViralArchitecture(metadata.architecture);
  const weights = readOnnxWeights(onnx, `content-viral ${metadata.version}`);
  const fail = (message: string) => new PreconditionError(`content-viral ${metadata.version}: ${message}`, { model: 'content-viral', version: metadata.version });
  const [headScale] = weights.float('head_scale', []);
  if (headScale !== Math.fround(1 / Math.sqrt(architecture.dModel / architecture.heads))) throw fail(`its attention scales by ${headScale}, the architecture's heads need 1/√${architecture.dModel / architecture.heads}`);
  const [pad] = weights.float('pad_id', []);
  if (pad !== CONTENT_PAD) throw fail(`its padding id is ${pad}, the tokenizer's is ${CONTENT_PAD}`);
  return mapWeights(viralWeightShapes(architecture), (shape, name) => ({ shape, values: weights.float(name, shape) }));
}
