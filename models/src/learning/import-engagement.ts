/**
 * The inverse of engagement/training/export-onnx.ts: a tfjs engagement network rebuilt from an
 * exported version's ONNX bytes and its metadata, so fine-tuning starts from exactly the weights
 * that serve. The architecture comes from the metadata (the network is built by the trainer's own
 * buildEngagementNetwork), every weight from the ONNX initializers:
 * - LSTM W/R `[1, 4H, rows]`, gates i o f c along rows → tfjs kernels `[rows, 4H]`, gates i f c o
 *   along columns;
 * - LSTM B `[1, 8H]` = Wb then Rb → one tfjs bias (tfjs adds one bias per gate; ONNX adds both,
 *   so their sum is the same network; the exporter writes Rb = 0);
 * - Dense W `[in, out]` and B as they are (Gemm with transB = 0 is tfjs's kernel layout).
 * The exporter folds no constants into the engagement graph: inputs are scaled by features.ts
 * before the model, outputs turned into rates by inference.ts after it.
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import { PreconditionError } from '@telepulse/platform';
import { initTf, type TfBackendName } from '../training/tf.js';
import { buildEngagementNetwork, resolveEngagementArchitecture } from '../engagement/training/architecture.js';
import { INPUT_COLUMNS } from '../engagement/features.js';
import { upgradeEngagementMetadata, type EngagementModelMetadata } from '../engagement/metadata.js';
import { readOnnxWeights } from './onnx-weights.js';
import { setLayerWeights } from './layer-weights.js';

/** ONNX gate block g (order i, o, f, c) holds tfjs gate block TFJS_GATE_FOR_ONNX[g] (order i, f, c, o), as the exporter writes it. */
const TFJS_GATE_FOR_ONNX = [0, 3, 1, 2] as const;

/** ONNX `[4H, rows]` (gates i o f c along rows) → tfjs `[rows, 4H]` (gates i f c o along columns): lstmMatrixToOnnx undone. */
export function lstmMatrixFromOnnx(onnx: Float32Array, rows: number, hidden: number): Float32Array {
  if (onnx.length !== rows * 4 * hidden) throw new RangeError(`LSTM matrix has ${onnx.length} values, expected ${4 * hidden} × ${rows}`);
  const cols = 4 * hidden;
  const out = new Float32Array(onnx.length);
  TFJS_GATE_FOR_ONNX.forEach((src, g) => {
    for (let h = 0; h < hidden; h++) {
      const onnxRow = (g * hidden + h) * rows;
      const col = src * hidden + h;
      for (let r = 0; r < rows; r++) out[r * cols + col] = onnx[onnxRow + r]!;
    }
  });
  return out;
}

/** ONNX B `[8H]` (Wb then Rb, gates i o f c) → tfjs bias `[4H]` (i f c o): Wb + Rb, reordered. */
export function lstmBiasFromOnnx(onnx: Float32Array, hidden: number): Float32Array {
  if (onnx.length !== 8 * hidden) throw new RangeError(`LSTM bias has ${onnx.length} values, expected ${8 * hidden}`);
  const out = new Float32Array(4 * hidden);
  TFJS_GATE_FOR_ONNX.forEach((src, g) => {
    for (let h = 0; h < hidden; h++) out[src * hidden + h] = onnx[g * hidden + h]! + onnx[4 * hidden + g * hidden + h]!;
  });
  return out;
}

/**
 * Builds the engagement network of `metadata.architecture` and sets its weights from the ONNX
 * initializers. Starts the tfjs backend (wasm unless told) if it is not the active one; the caller
 * owns the model and disposes it. Throws PreconditionError when the bytes do not hold the network
 * the metadata describes (naming the initializer and its dims).
 */
export async function importEngagementWeights(onnx: Uint8Array, rawMetadata: EngagementModelMetadata | unknown, backend: TfBackendName = 'wasm'): Promise<tfl.LayersModel> {
  const metadata = upgradeEngagementMetadata(rawMetadata);
  if (metadata.postFeatures.length !== INPUT_COLUMNS.length || metadata.postFeatures.some((f, i) => f !== INPUT_COLUMNS[i])) {
    throw new PreconditionError(`engagement ${metadata.version} reads the columns [${metadata.postFeatures.join(', ')}], this code builds [${INPUT_COLUMNS.join(', ')}]: it cannot be fine-tuned`, {
      model: 'engagement',
      version: metadata.version,
    });
  }
  const architecture = resolveEngagementArchitecture(metadata.architecture);
  const weights = readOnnxWeights(onnx, `engagement ${metadata.version}`);
  await initTf(backend);
  const model = buildEngagementNetwork(architecture);
  try {
    const { hidden, features } = architecture;
    let width = features;
    let lstm = 0;
    let dense = 0;
    for (const layer of model.layers) {
      const kind = layer.getClassName();
      if (kind === 'LSTM') {
        const p = `lstm${lstm++}`;
        setLayerWeights(layer, {
          kernel: lstmMatrixFromOnnx(weights.float(`${p}_W`, [1, 4 * hidden, width]), width, hidden),
          recurrent_kernel: lstmMatrixFromOnnx(weights.float(`${p}_R`, [1, 4 * hidden, hidden]), hidden, hidden),
          bias: lstmBiasFromOnnx(weights.float(`${p}_B`, [1, 8 * hidden]), hidden),
        });
        width = hidden;
      } else if (kind === 'Dense') {
        const units = (layer.getConfig() as { units: number }).units;
        const p = `dense${dense++}`;
        setLayerWeights(layer, { kernel: weights.float(`${p}_W`, [width, units]), bias: weights.float(`${p}_B`, [units]) });
        width = units;
      }
    }
    if (weights.has(`lstm${lstm}_W`) || weights.has(`dense${dense}_W`)) {
      throw new PreconditionError(`engagement ${metadata.version}: the ONNX graph has more layers than the metadata's architecture (${lstm} LSTM, ${dense} Dense)`, {
        model: 'engagement',
        version: metadata.version,
      });
    }
  } catch (error) {
    model.dispose();
    throw error;
  }
  return model;
}
