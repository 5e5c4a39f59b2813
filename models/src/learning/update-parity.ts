import ort from 'onnxruntime-node';

/**
 * The check every update's export passes before it becomes a version: ONNX Runtime on the new
 * bytes computes what tfjs computes on the trained weights, as the trainers check their exports.
 */

/** The largest |tfjs − ONNX Runtime| an export may show on the update's own inputs (the trainers' bound). */
export const PARITY_TOLERANCE = 1e-4;

/** The exported bytes do not compute what the trained network does: a bug in an exporter, never a caller's mistake. */
export class UpdateParityError extends Error {
  override readonly name = 'UpdateParityError';
  readonly code = 'UPDATE_PARITY';

  constructor(model: string, version: string, maxAbsDiff: number) {
    super(`${model} ${version}: the ONNX export differs from tfjs by up to ${maxAbsDiff} (> ${PARITY_TOLERANCE}); the version was not made`);
  }
}

/**
 * Runs the exported bytes in ONNX Runtime (`run` gives the outputs flat, in tfjs's order) and
 * compares them with tfjs's `expected`: the largest absolute difference. Throws
 * UpdateParityError beyond PARITY_TOLERANCE (a different number of values counts as infinite).
 */
export async function checkExportParity(
  model: string,
  version: string,
  onnx: Uint8Array,
  expected: ArrayLike<number>,
  run: (session: ort.InferenceSession) => Promise<ArrayLike<number>>,
): Promise<number> {
  const session = await ort.InferenceSession.create(onnx);
  let actual: ArrayLike<number>;
  try {
    actual = await run(session);
  } finally {
    await session.release();
  }
  let maxAbsDiff = actual.length === expected.length ? 0 : Number.POSITIVE_INFINITY;
  for (let i = 0; i < Math.min(actual.length, expected.length); i++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(actual[i]! - expected[i]!));
  if (!(maxAbsDiff <= PARITY_TOLERANCE)) throw new UpdateParityError(model, version, maxAbsDiff);
  return maxAbsDiff;
}
