/** What a learning job's worker thread posts back: progress, then its result or its failure. */
import type { UpdateResult } from './learning-update.js';

export type WorkerMessage = { kind: 'progress'; fraction: number; step: string } | { kind: 'done'; result: UpdateResult } | { kind: 'failed'; message: string };
