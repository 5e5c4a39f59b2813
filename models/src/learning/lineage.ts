/**
 * Where a learned version comes from, as its metadata records it (`lineage`, the shape of the
 * learning subgraph's `Lineage`), and how it is named.
 *
 * Versions: a learned version keeps its trained ancestor's semver and adds a build tag that
 * counts the updates made from that ancestor: `2.1.0` → `2.1.0+inc.1`, `2.1.0+inc.1` →
 * `2.1.0+inc.2`; a full retrain is `2.1.0+retrain.1`. Two updates of one parent (a challenger kept
 * as a candidate, then another) must not share a name, so the counter goes past every version
 * already registered (`taken`), not only the parent's.
 */
import { InvalidInputError } from '@telepulse/platform';

export type UpdateStrategy = 'INCREMENTAL' | 'FULL_RETRAIN';

/** What a learned version's metadata says about how it was made. */
export interface ModelLineage {
  parentVersion: string | null;
  strategy: UpdateStrategy;
  /** The earliest and latest `receivedAt` of the fresh examples (ISO), null when none carried one. */
  dataFrom: string | null;
  dataTo: string | null;
  /** Fresh (feedback) examples trained on. */
  feedbackUsed: number;
  /** Replayed examples of the original training data trained on. */
  replayUsed: number;
  /** Held-out feedback items the caller kept out of training for the evaluation. */
  heldOut: number;
  learningRate: number;
  epochs: number;
  seed: number;
}

const TAG: Record<UpdateStrategy, string> = { INCREMENTAL: 'inc', FULL_RETRAIN: 'retrain' };

/** The trained ancestor's version: `2.1.0+inc.3` → `2.1.0`. */
export function baseVersion(version: string): string {
  const plus = version.indexOf('+');
  return plus < 0 ? version : version.slice(0, plus);
}

/** The next free version of `strategy` made from `parent` (see the module comment). Pure. */
export function nextVersion(parent: string, strategy: UpdateStrategy, taken: readonly string[] = []): string {
  if (!parent) throw new InvalidInputError([{ field: 'parentVersion', value: parent, message: 'must be a version' }]);
  const base = baseVersion(parent);
  const tag = TAG[strategy];
  const pattern = new RegExp(`^${escape(base)}\\+${tag}\\.(\\d+)$`);
  const used = [parent, ...taken].map((v) => Number(pattern.exec(v)?.[1] ?? 0));
  return `${base}+${tag}.${Math.max(0, ...used) + 1}`;
}

/** The first and last of the examples' arrival times, as ISO strings. */
export function dataWindow(examples: readonly { receivedAt?: Date }[]): { dataFrom: string | null; dataTo: string | null } {
  const times = examples.map((e) => e.receivedAt?.getTime()).filter((t): t is number => t !== undefined && Number.isFinite(t));
  if (times.length === 0) return { dataFrom: null, dataTo: null };
  // A loop, not Math.min(...times): a spread of a very large list overflows the stack.
  const from = times.reduce((a, b) => Math.min(a, b));
  const to = times.reduce((a, b) => Math.max(a, b));
  return { dataFrom: new Date(from).toISOString(), dataTo: new Date(to).toISOString() };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
