/**
 * Reading an exported model's weights back out of its ONNX bytes: the float initializers by
 * name with their dims, and the attributes of a node. The importers (import-*.ts) read what the
 * exporters wrote with onnx/builder.ts, so fine-tuning starts from exactly the bytes that serve.
 */
import { PreconditionError } from '@telepulse/platform';
import { parseModel, proto, type onnx } from '../onnx/builder.js';

export interface OnnxWeight {
  dims: number[];
  values: Float32Array;
}

/** An exported model's initializers and nodes, looked up by name. */
export interface OnnxWeights {
  /** The float32 initializer `name`, which must have `dims`; throws PreconditionError naming both. */
  float(name: string, dims: readonly number[]): Float32Array;
  /** The int64 initializer `name` as numbers. */
  ints(name: string): number[];
  /** Whether an initializer `name` exists. */
  has(name: string): boolean;
  /** The int attribute `attribute` of the node `node`, or undefined when the node does not set it. */
  intAttribute(node: string, attribute: string): number | undefined;
  /** The model's `metadata_props`. */
  metadata: Record<string, string>;
}

const DataType = proto.TensorProto.DataType;

/** Decodes ONNX bytes; `model` names the model in errors. Throws PreconditionError for bytes that are not an ONNX model. */
export function readOnnxWeights(bytes: Uint8Array, model: string): OnnxWeights {
  let decoded: onnx.ModelProto;
  try {
    decoded = parseModel(bytes);
  } catch (cause) {
    throw new PreconditionError(`model ${model}: the ONNX bytes do not decode (${(cause as Error).message})`, { model });
  }
  const graph = decoded.graph;
  if (!graph) throw new PreconditionError(`model ${model}: the ONNX bytes hold no graph`, { model });
  const tensors = new Map<string, onnx.ITensorProto>();
  for (const t of graph.initializer ?? []) tensors.set(t.name ?? '', t);
  const nodes = new Map<string, onnx.INodeProto>();
  for (const n of graph.node ?? []) nodes.set(n.name ?? '', n);

  const tensor = (name: string): onnx.ITensorProto => {
    const t = tensors.get(name);
    if (!t) throw new PreconditionError(`model ${model}: the ONNX graph has no initializer ${name} (has ${[...tensors.keys()].join(', ')})`, { model, initializer: name });
    return t;
  };
  return {
    float(name, dims) {
      const t = tensor(name);
      const actual = (t.dims ?? []).map(Number);
      if (t.dataType !== DataType.FLOAT) throw new PreconditionError(`model ${model}: initializer ${name} has ONNX data type ${t.dataType}, expected FLOAT`, { model, initializer: name });
      if (actual.length !== dims.length || actual.some((d, i) => d !== dims[i])) {
        throw new PreconditionError(`model ${model}: initializer ${name} has dims [${actual.join(', ')}], the metadata's architecture needs [${dims.join(', ')}]`, { model, initializer: name });
      }
      return floatValues(t);
    },
    ints(name) {
      const t = tensor(name);
      if (t.rawData && t.rawData.length > 0) {
        const view = new DataView(t.rawData.buffer, t.rawData.byteOffset, t.rawData.byteLength);
        return Array.from({ length: t.rawData.byteLength / 8 }, (_, i) => Number(view.getBigInt64(i * 8, true)));
      }
      return (t.int64Data ?? []).map(Number);
    },
    has: (name) => tensors.has(name),
    intAttribute(nodeName, attribute) {
      const n = nodes.get(nodeName);
      if (!n) throw new PreconditionError(`model ${model}: the ONNX graph has no node ${nodeName}`, { model, node: nodeName });
      const a = (n.attribute ?? []).find((x) => x.name === attribute);
      return a?.i === undefined || a.i === null ? undefined : Number(a.i);
    },
    metadata: Object.fromEntries((decoded.metadataProps ?? []).map((p) => [p.key ?? '', p.value ?? ''])),
  };
}

/** A float tensor's values, from raw little-endian bytes (what the exporters write) or float_data. */
function floatValues(t: onnx.ITensorProto): Float32Array {
  if (t.rawData && t.rawData.length > 0) {
    const view = new DataView(t.rawData.buffer, t.rawData.byteOffset, t.rawData.byteLength);
    return Float32Array.from({ length: t.rawData.byteLength / 4 }, (_, i) => view.getFloat32(i * 4, true));
  }
  return Float32Array.from(t.floatData ?? []);
}
