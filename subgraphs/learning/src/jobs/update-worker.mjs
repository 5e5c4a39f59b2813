// The worker's entry: Node 20 cannot start a worker on a .ts file, even with `--import tsx` in
// its execArgv (the entry is resolved before the hooks apply), so this registers tsx in the
// worker thread first, then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
// A URL, not a literal path: the TypeScript checker does not follow it into a .ts import.
await import(new URL('./update-worker.ts', import.meta.url).href);
