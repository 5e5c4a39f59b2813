/**
 * Ops the tfjs wasm backend cannot train through, or trains through slowly, with gradients
 * written from the kernels it has. Each computes exactly what the tfjs op of the same meaning does.
 *
 * tfjs-backend-wasm 4.22 registers neither UnsortedSegmentSum (the gradient of Gather, so of any
 * embedding lookup) nor Conv2DBackpropFilter (the kernel gradient of Conv1D/Conv2D): training
 * through either fails with "kernel not registered for backend wasm". And the generic gradient of
 * a max over an axis (broadcast equality masks) costs ten times the forward pass there. Measured
 * on a [64, 512, 32] batch: the embedding's gradient as one-hot products ~150 ms, as the
 * scatter-add below ~6 ms; the max's tfjs gradient ~125 ms, the argmax one below ~16 ms.
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * Rows of `table` [rows, width] at integer `ids` (any shape, any numeric dtype) → [...ids.shape,
 * width]: tf.gather on axis 0, ids out of range an error. Forward and gradient are plain loops
 * over the backend's synchronous memory (the wasm backend's Gather is slow on long id lists, and
 * its gradient kernel missing); the gradient to the table is the scatter-add of dy into the rows
 * it came from, ids get none.
 */
export function gatherRows(table: tf.Tensor2D, ids: tf.Tensor): tf.Tensor {
  const [rows, width] = table.shape;
  const lookup = tf.customGrad((t, i, save) => {
    // The gradient runs after the forward pass's scope is gone: it reads what it needs from `saved`.
    (save as tf.GradSaveFunc)([i as tf.Tensor]);
    const values = (t as tf.Tensor).dataSync() as Float32Array;
    const index = (i as tf.Tensor).dataSync();
    const out = new Float32Array(index.length * width);
    for (let r = 0; r < index.length; r++) {
      const row = index[r]!;
      if (!(Number.isInteger(row) && row >= 0 && row < rows)) throw new RangeError(`gatherRows: id ${row} at ${r} is outside the table's ${rows} rows`);
      out.set(values.subarray(row * width, (row + 1) * width), r * width);
    }
    return {
      value: tf.tensor(out, [...(i as tf.Tensor).shape, width], 'float32'),
      gradFunc: (dy, [savedIds]) => {
        const grad = new Float32Array(rows * width);
        const d = (dy as tf.Tensor).dataSync() as Float32Array;
        const at = savedIds!.dataSync();
        for (let r = 0; r < at.length; r++) {
          const to = at[r]! * width;
          const from = r * width;
          for (let c = 0; c < width; c++) grad[to + c]! += d[from + c]!;
        }
        return [tf.tensor2d(grad, [rows, width]), tf.zerosLike(savedIds!)];
      },
    };
  });
  return lookup(table, ids);
}

/**
 * tf.conv1d(x, kernel, 1, 'same') for x [b, T, in] and kernel [k, in, out] with k odd (padding
 * (k - 1) / 2 on each side): a cross-correlation, as tfjs and ONNX's Conv compute it. Gradients:
 * to x, the same convolution of dy with the kernel reversed in k and transposed (another
 * forward conv1d); to the kernel, a 'valid' convolution of the padded x with dy (see below).
 */
export function conv1dSame(x: tf.Tensor3D, kernel: tf.Tensor3D): tf.Tensor3D {
  const [k] = kernel.shape;
  if (k % 2 !== 1) throw new RangeError(`conv1dSame needs an odd kernel width, got ${k}`);
  const pad = (k - 1) / 2;
  const conv = tf.customGrad((input, weights, save) => {
    (save as tf.GradSaveFunc)([input as tf.Tensor, weights as tf.Tensor]);
    return {
      value: tf.conv1d(input as tf.Tensor3D, weights as tf.Tensor3D, 1, 'same'),
      gradFunc: (dy, [savedInput, savedWeights]) => {
        const xs = savedInput as tf.Tensor3D;
        const w = savedWeights as tf.Tensor3D;
        const dy3 = dy as tf.Tensor3D;
        const dx = tf.conv1d(dy3, tf.transpose(tf.reverse(w, 0), [0, 2, 1]) as tf.Tensor3D, 1, 'same');
        // dW[j, i, o] = Σ_b,t xpad[b, t + j, i] · dy[b, t, o] is itself a 'valid' convolution: of
        // xpad laid out [in, T + 2·pad, b] with dy laid out [T, b, out] as the filter, giving
        // [in, k, out]. XNNPACK runs it ~2× faster than k shifted matrix products.
        const padded = tf.pad(xs, [[0, 0], [pad, pad], [0, 0]]);
        const dw = tf.conv1d(tf.transpose(padded, [2, 1, 0]) as tf.Tensor3D, tf.transpose(dy3, [1, 0, 2]) as tf.Tensor3D, 1, 'valid');
        return [dx, tf.transpose(dw, [1, 0, 2])];
      },
    };
  });
  return conv(x, kernel) as tf.Tensor3D;
}

/**
 * tf.max(x, 1) for x [b, T, c] → [b, c]. Its gradient goes to the first position holding each
 * maximum (tfjs's own gives it to every tied position; both are gradients of the max).
 */
export function maxOverSteps(x: tf.Tensor3D): tf.Tensor2D {
  const [, steps, channels] = x.shape;
  const max = tf.customGrad((input, save) => {
    const xs = input as tf.Tensor3D;
    const winners = tf.argMax(xs, 1);
    (save as tf.GradSaveFunc)([winners]);
    return {
      value: tf.max(xs, 1),
      gradFunc: (dy, [savedWinners]) => {
        const [batch] = savedWinners!.shape;
        const oneHot = tf.reshape(tf.oneHot(tf.reshape(savedWinners!, [-1]) as tf.Tensor1D, steps), [batch!, channels, steps]);
        return [tf.transpose(tf.mul(oneHot, tf.expandDims(dy as tf.Tensor, 2)), [0, 2, 1])];
      },
    };
  });
  return max(x) as tf.Tensor2D;
}
