/**
 * How a served record keeps its model input in storage: as little-endian float bytes (BSON
 * Binary) instead of an array of numbers. As an array FerretDB (SQLite) stores each number as
 * JSON with its type in a schema, and decodes all of them again on every read that touches the
 * document, including the scans behind `$in` and `createdAt` ranges. Measured on FerretDB 1.24
 * with engagement's 33 × 20 inputs (BENCHMARKS.md, "Write path profile"): ~1.1 ms of server CPU
 * per inserted document as an array, ~0.15 ms as bytes; a scan of 1,000 documents ~3 s vs ~0.1 s.
 *
 * Float32 bytes when every value is a float32 (what a model reads: exact), float64 bytes
 * otherwise (exact too); which one is told by the byte count against `inputShape`. Float32
 * bytes are read back as a Float32Array (off V8's heap, like a served record's); documents
 * written with the input as an array are read as they are.
 */
import { Binary } from 'mongodb';
import { DomainError } from './errors.js';
import type { RecordCodec } from './record-store.js';

/** A record that keeps the exact model input it was computed from: row-major values and their shape. */
export interface RecordWithInput {
  id: string;
  input: Float32Array | number[];
  inputShape: [number, number];
}

/** A record as stored by inputBytesCodec: its id as `_id`, its input as bytes (an array in documents written before). */
export type InputBytesDoc<R extends RecordWithInput> = Omit<R, 'id' | 'input'> & { _id: string; input: Binary | number[] };

/** A stored input whose byte count fits neither width for its shape: the document was damaged or written by something else. */
export class StoredInputError extends DomainError {
  readonly code = 'INTERNAL_SERVER_ERROR' as const;

  constructor(label: string, id: string, bytes: number, values: number) {
    super(`${label} ${id}: a stored input of ${bytes} bytes holds neither ${values} float32 nor float64 values`, { id });
  }
}

/** The codec of a RecordStore whose records keep a model input; `label` names a record in errors (`prediction`, `forecast`). */
export function inputBytesCodec<R extends RecordWithInput>(label: string): RecordCodec<R, InputBytesDoc<R>> {
  return {
    encode({ id, input, ...rest }) {
      return { _id: id, ...rest, input: encodeInput(input) } as InputBytesDoc<R>;
    },
    decode({ _id, input, ...rest }) {
      return { id: _id, ...rest, input: Array.isArray(input) ? input : decodeInput(label, _id, input, rest.inputShape) } as unknown as R;
    },
  };
}

/** Whether this machine stores floats little-endian, as the stored bytes are: then a Float32Array's bytes are copied as they are. */
const LITTLE_ENDIAN = new Uint8Array(new Float32Array([1]).buffer)[3] === 0x3f;

/** The values as float32 bytes when each is exactly a float32 (a Float32Array always), else as float64 bytes. */
export function encodeInput(values: Float32Array | readonly number[]): Binary {
  if (values instanceof Float32Array && LITTLE_ENDIAN) return new Binary(new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength)));
  const single = values instanceof Float32Array || values.every((v) => Math.fround(v) === v);
  const width = single ? 4 : 8;
  const bytes = new Uint8Array(values.length * width);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) {
    if (single) view.setFloat32(i * 4, values[i]!, true);
    else view.setFloat64(i * 8, values[i]!, true);
  }
  return new Binary(bytes);
}

/** Float32 bytes as a Float32Array of their own, float64 bytes as numbers. */
function decodeInput(label: string, id: string, binary: Binary, [rows, columns]: readonly [number, number]): Float32Array | number[] {
  const bytes = binary.buffer.subarray(0, binary.position);
  const count = rows * columns;
  const width = count === 0 ? 4 : bytes.length / count;
  if (width !== 4 && width !== 8) throw new StoredInputError(label, id, bytes.length, count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (width === 4) {
    // A copy (not a view): the bytes sit in the driver's read buffer, at any alignment.
    if (LITTLE_ENDIAN) return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const values = new Float32Array(count);
    for (let i = 0; i < count; i++) values[i] = view.getFloat32(i * 4, true);
    return values;
  }
  const values = new Array<number>(count);
  for (let i = 0; i < count; i++) values[i] = view.getFloat64(i * 8, true);
  return values;
}
