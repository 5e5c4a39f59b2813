/**
 * A version's lineage: how learning made it from another version and from which data. It is
 * written into the version's metadata (`metadata.lineage`) by whatever registers it (a learning
 * job); a version without one (a committed artifact, `pnpm train`) has none. Plain data.
 */
import { z } from 'zod';

export const UPDATE_STRATEGIES = ['INCREMENTAL', 'FULL_RETRAIN'] as const;
export type UpdateStrategy = (typeof UPDATE_STRATEGIES)[number];

const date = z.union([z.date(), z.iso.datetime({ offset: true }).transform((s) => new Date(s))]);

const lineage = z.object({
  parentVersion: z.string().nullable().default(null),
  strategy: z.enum(UPDATE_STRATEGIES),
  dataFrom: date.nullable().default(null),
  dataTo: date.nullable().default(null),
  feedbackUsed: z.number().int().min(0),
  replayUsed: z.number().int().min(0),
  heldOut: z.number().int().min(0),
  learningRate: z.number().positive(),
  epochs: z.number().int().min(0),
});

export type Lineage = z.infer<typeof lineage>;

/**
 * The lineage in a version's stored metadata, or null when it has none. One that does not
 * parse is reported as null too, with a warning: a listing of versions must not fail on one
 * malformed document.
 */
export function lineageOf(id: string, metadata: unknown): Lineage | null {
  const raw = typeof metadata === 'object' && metadata !== null ? (metadata as { lineage?: unknown }).lineage : undefined;
  if (raw === undefined || raw === null) return null;
  const parsed = lineage.safeParse(raw);
  if (parsed.success) return parsed.data;
  console.warn(`[learning] ${id}: metadata.lineage does not parse (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`);
  return null;
}
