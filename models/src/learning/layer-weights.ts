/**
 * Setting a tfjs layer's weights by their own names (`kernel`, `recurrent_kernel`, `bias`), in
 * whatever order the layer keeps them: the importers know weights by name, tfjs's setWeights by
 * position.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel, LayerVariable } from '@tensorflow/tfjs-layers';

type Layer = LayersModel['layers'][number];

/** Sets every weight of `layer` from `values` (flat, row-major in the weight's shape); throws naming a weight missing or of the wrong size. */
export function setLayerWeights(layer: Layer, values: Record<string, Float32Array>): void {
  const variables = layer.weights as LayerVariable[];
  const names = variables.map((w) => w.originalName.slice(w.originalName.lastIndexOf('/') + 1));
  const extra = Object.keys(values).filter((k) => !names.includes(k));
  if (extra.length > 0) throw new RangeError(`layer ${layer.name} has no weight named ${extra.join(', ')} (has ${names.join(', ')})`);
  const tensors = variables.map((w, i) => {
    const v = values[names[i]!];
    if (!v) throw new RangeError(`layer ${layer.name}: no value given for its weight ${names[i]}`);
    const size = (w.shape as number[]).reduce((a, b) => a * b, 1);
    if (v.length !== size) throw new RangeError(`layer ${layer.name}: weight ${names[i]} has ${size} values ([${w.shape.join(', ')}]), got ${v.length}`);
    return tf.tensor(v, w.shape as number[], 'float32');
  });
  layer.setWeights(tensors);
  tf.dispose(tensors);
}
