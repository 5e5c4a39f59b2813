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
