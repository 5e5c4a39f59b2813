/**
 * The entry of an update's worker thread (see update-in-worker.ts). Plain JavaScript because a
 * worker starts without the TypeScript loader its parent may run under: tsx's hooks do not reach
 * worker threads (its `--import tsx` registers in the main thread only), so this registers both of
 * tsx's loaders in this thread, the CommonJS one too (tfjs-core's gradient modules load through it:
 * their imports have no extensions, see training/tf.ts), then runs the TypeScript entry.
 */
import { register as registerEsm } from 'tsx/esm/api';
import { register as registerCjs } from 'tsx/cjs/api';

registerCjs();
registerEsm();
// By URL: the entry is TypeScript, which only tsx (registered above) can load.
await import(new URL('./update-worker-entry.ts', import.meta.url).href);
