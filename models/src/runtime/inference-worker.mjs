// @ts-check
/**
 * One ONNX Runtime session inside a worker thread. onnxruntime-node's run() is a synchronous
 * native call that blocks its thread for the whole inference, so sessions live here, off the
 * main thread, and the event loop keeps serving other requests while a batch runs.
 * Plain JavaScript on purpose: a worker thread starts without the TypeScript loader.
 */
import Piscina from 'piscina';
import ort from 'onnxruntime-node';

/** @type {{ modelBytes: Uint8Array, executionProviders: string[], intraOpNumThreads: number }} */
const { modelBytes, executionProviders, intraOpNumThreads } = Piscina.workerData;

const session = await ort.InferenceSession.create(modelBytes, {
  executionProviders,
  intraOpNumThreads,
  interOpNumThreads: 1,
  graphOptimizationLevel: 'all',
});

/**
 * Runs the session on float32 feeds; returns every output as { data, dims }.
 * @param {{ feeds: Record<string, { data: Float32Array, dims: number[] }> }} task
 */
export default async function run({ feeds }) {
  /** @type {Record<string, import('onnxruntime-node').Tensor>} */
  const tensors = {};
  for (const [name, { data, dims }] of Object.entries(feeds)) tensors[name] = new ort.Tensor('float32', data, dims);
  const results = await session.run(tensors);
  /** @type {Record<string, { data: Float32Array, dims: number[] }>} */
  const outputs = {};
  for (const [name, tensor] of Object.entries(results)) {
    outputs[name] = { data: /** @type {Float32Array} */ (tensor.data), dims: [...tensor.dims] };
  }
  return outputs;
}

/**
 * The session's own account of its tensors (name, element type, shape with symbolic dims as
 * strings), so the main thread can check the model's metadata against the bytes it loaded.
 */
export function describe() {
  /** @param {readonly import('onnxruntime-node').InferenceSession.ValueMetadata[]} values */
  const plain = (values) => values.map((v) => ({ name: v.name, type: v.isTensor ? v.type : 'non-tensor', shape: v.isTensor ? [...v.shape] : [] }));
  return { inputs: plain(session.inputMetadata), outputs: plain(session.outputMetadata) };
}
