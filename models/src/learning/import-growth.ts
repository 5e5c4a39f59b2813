/**
 * The inverse of growth/training/export-onnx.ts: a tfjs growth network rebuilt from an exported
 * version's ONNX bytes and its metadata. The architecture comes from the metadata (built by the
 * trainer's own buildGrowthNetwork), the weights from the ONNX initializers:
 * - GRU W/R `[1, 3H, rows]` → tfjs kernels `[rows, 3H]`: a transpose, the gate order z r h is the
 *   same on both sides; the graph must say linear_before_reset = 0 (tfjs's "reset before");
 * - GRU B `[1, 6H]` = Wb then Rb → one tfjs bias Wb + Rb (with linear_before_reset = 0 ONNX adds
 *   Rbh outside the reset gate, so the sum is the same network; the exporter writes Rb = 0);
 * - the attention and head Dense layers' W `[in, out]` and B as they are;
 * - the constants the exporter folds into the graph: the quantile head's `width_multipliers`
 *   (unitScale × width scales) give the width scales back, `unit_scale` must be the metadata's,
 *   and the attention's `present` column is read from its Slice.
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import { PreconditionError } from '@telepulse/platform';
import { initTf, type TfBackendName } from '../training/tf.js';
import { growthColumn, GROWTH_COLUMNS } from '../growth/features.js';
import type { GrowthModelMetadata } from '../growth/metadata.js';
import { buildGrowthNetwork, GROWTH_LAYERS, QUANTILE_COUNT, resolveGrowthArchitecture, type QuantileHead } from '../growth/training/architecture.js';
import { readOnnxWeights } from './onnx-weights.js';
import { setLayerWeights } from './layer-weights.js';

/** ONNX `[3H, rows]` → tfjs `[rows, 3H]`: gruMatrixToOnnx undone (a transpose). */
export function gruMatrixFromOnnx(onnx: Float32Array, rows: number, hidden: number): Float32Array {
  if (onnx.length !== rows * 3 * hidden) throw new RangeError(`GRU matrix has ${onnx.length} values, expected ${3 * hidden} × ${rows}`);
  const cols = 3 * hidden;
  const out = new Float32Array(onnx.length);
  for (let c = 0; c < cols; c++) for (let r = 0; r < rows; r++) out[r * cols + c] = onnx[c * rows + r]!;
  return out;
}

/** ONNX B `[6H]` (Wb then Rb, gates z r h) → tfjs bias `[3H]`: Wb + Rb. */
export function gruBiasFromOnnx(onnx: Float32Array, hidden: number): Float32Array {
  if (onnx.length !== 6 * hidden) throw new RangeError(`GRU bias has ${onnx.length} values, expected ${6 * hidden}`);
  return Float32Array.from({ length: 3 * hidden }, (_, i) => onnx[i]! + onnx[3 * hidden + i]!);
}

/**
 * Builds the growth network of `metadata.architecture` and sets its weights (and its quantile
 * head's width scales) from the ONNX bytes. Starts the tfjs backend (wasm unless told) if it is
 * not the active one; the caller owns the model and disposes it. Throws PreconditionError when
 * the bytes do not hold the network the metadata describes, naming what differs.
 */
export async function importGrowthWeights(onnx: Uint8Array, metadata: GrowthModelMetadata, backend: TfBackendName = 'wasm'): Promise<tfl.LayersModel> {
  const name = `growth ${metadata.version}`;
  const fail = (message: string) => new PreconditionError(`${name}: ${message}`, { model: 'growth', version: metadata.version });
  if (metadata.dayFeatures.join() !== GROWTH_COLUMNS.join()) throw fail(`it reads the columns [${metadata.dayFeatures.join(', ')}], this code builds [${GROWTH_COLUMNS.join(', ')}]: it cannot be fine-tuned`);
  const architecture = resolveGrowthArchitecture(metadata.architecture);
  const { features, horizon, hidden, attention, dense, unitScale } = architecture;
  const weights = readOnnxWeights(onnx, name);
  if (weights.intAttribute('gru', 'linear_before_reset') !== 0) throw fail('its GRU does not set linear_before_reset = 0, which is the only GRU tfjs computes');
  const present = weights.ints('present_from');
  if (present.length !== 1 || present[0] !== growthColumn('present')) throw fail(`its attention reads column ${present.join()}, the present column is ${growthColumn('present')}`);
  const [storedUnitScale] = weights.float('unit_scale', []);
  if (Math.fround(unitScale) !== storedUnitScale) throw fail(`its graph scales the head by ${storedUnitScale}, the metadata's unitScale is ${unitScale}`);
  const multipliers = weights.float('width_multipliers', [QUANTILE_COUNT - 1]);
  // The graph holds unitScale × scale in float32; the metadata's scales, where they agree, are the exact ones.
  const recorded = metadata.intervals?.widthScales ?? [];
  const scales = Array.from(multipliers, (m, k) => (recorded[k] !== undefined && Math.fround(unitScale * recorded[k]) === m ? recorded[k] : m / unitScale));

  await initTf(backend);
  const model = buildGrowthNetwork(architecture);
  try {
    const set = (layer: string, values: Record<string, Float32Array>) => setLayerWeights(model.getLayer(layer), values);
    set(GROWTH_LAYERS.gru, {
      kernel: gruMatrixFromOnnx(weights.float('gru_W', [1, 3 * hidden, features]), features, hidden),
      recurrent_kernel: gruMatrixFromOnnx(weights.float('gru_R', [1, 3 * hidden, hidden]), hidden, hidden),
      bias: gruBiasFromOnnx(weights.float('gru_B', [1, 6 * hidden]), hidden),
    });
    const denseLayer = (layer: string, prefix: string, rows: number, units: number) =>
      set(layer, { kernel: weights.float(`${prefix}_W`, [rows, units]), bias: weights.float(`${prefix}_B`, [units]) });
    denseLayer(GROWTH_LAYERS.attentionHidden, 'attention_hidden', hidden, attention);
    denseLayer(GROWTH_LAYERS.attentionScore, 'attention_score', attention, 1);
    denseLayer(GROWTH_LAYERS.dense, 'dense_hidden', 2 * hidden, dense);
    denseLayer(GROWTH_LAYERS.raw, 'quantile_raw', dense, horizon * QUANTILE_COUNT);
    (model.getLayer(GROWTH_LAYERS.head) as unknown as QuantileHead).setWidthScales(scales);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return model;
}
