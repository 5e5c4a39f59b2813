// @ts-check
// Loaded with `node --import`: registers record-imports-hooks.mjs, writing to RECORD_IMPORTS_FILE.
import { register } from 'node:module';

register('./record-imports-hooks.mjs', import.meta.url, { data: { file: process.env.RECORD_IMPORTS_FILE } });
