// The worker's entry: Node 20 cannot start a worker on a .ts file, even with `--import tsx` in
// its execArgv (the entry is resolved before the hooks apply). So this registers tsx in the
// worker thread first, both hooks as the tsx CLI does: the ESM one for our TypeScript, the
// CommonJS one for tfjs-core's ESM-only modules with extensionless imports (models/src/training/tf.ts).
import { register as registerCommonJs } from 'tsx/cjs/api';
import { register } from 'tsx/esm/api';

registerCommonJs();
register();
// A URL, not a literal path: the TypeScript checker does not follow it into a .ts import.
await import(new URL('./update-worker.ts', import.meta.url).href);
