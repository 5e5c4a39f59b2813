/**
 * A model's lease of one kind (`learning_leases`, key `<kind>:<modelId>`): `learning` for its
 * learning job, `adaptation` for its adaptation run, each apart from the other, so at most one
 * job and one run per model at a time. Taken
 * by inserting its unique `_id` (atomic on FerretDB too, where a conditional update is not),
 * renewed by its holder while the job runs, taken over once expired (its holder died or
 * stalled), released when the job ends.
 */
import type { Collection, Db } from 'mongodb';
import { UnavailableError } from '@telepulse/platform';
import { isDuplicateKey } from '@telepulse/platform/mongo';

export interface LeaseDoc {
  _id: string;
  modelId: string;
  /** The job or run holding it. */
  owner: string;
  takenAt: Date;
  expiresAt: Date;
}

export type TakeResult = { taken: true; lease: LeaseDoc; tookOverFrom: LeaseDoc | null } | { taken: false; heldBy: LeaseDoc };

export type LeaseKind = 'learning' | 'adaptation';

export class LearningLeaseStore {
  private readonly leases: Collection<LeaseDoc>;
  /** One document per takeover of an expired lease: inserting it is what decides who takes it over. */
  private readonly takeovers: Collection<{ _id: string; by: string; at: Date }>;

  constructor(
    db: Db,
    readonly leaseMs: number,
    private readonly clock: () => Date = () => new Date(),
    private readonly kind: LeaseKind = 'learning',
  ) {
    this.leases = db.collection<LeaseDoc>('learning_leases');
    this.takeovers = db.collection('learning_lease_takeovers');
  }

  private leaseKey(modelId: string): string {
    return `${this.kind}:${modelId}`;
  }

  /**
   * Takes `modelId`'s lease for `owner`: inserted when free. An expired one is taken over by
   * the one taker that inserts its takeover record (a unique `_id` naming the dead holder and its
   * expiry): FerretDB deletes by reading then deleting, without a transaction, so two takers
   * deleting the dead lease at once could delete the lease one of them has just inserted. The
   * others find the lease held. Of two takers at once exactly one gets it.
   */
  async take(modelId: string, owner: string): Promise<TakeResult> {
    const _id = this.leaseKey(modelId);
    let tookOverFrom: LeaseDoc | null = null;
    // Three tries: a takeover, then once more if another caller deleted and re-inserted meanwhile.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const now = this.clock();
      const lease: LeaseDoc = { _id, modelId, owner, takenAt: now, expiresAt: new Date(now.getTime() + this.leaseMs) };
      try {
        await this.leases.insertOne(lease);
        return { taken: true, lease, tookOverFrom };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      const held = await this.leases.findOne({ _id });
      if (!held) continue;
      if (held.expiresAt.getTime() > now.getTime()) return { taken: false, heldBy: held };
      try {
        await this.takeovers.insertOne({ _id: `${_id}@${held.owner}@${held.expiresAt.toISOString()}`, by: owner, at: now });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        // Another taker is replacing this holder: the lease is (about to be) theirs.
        return { taken: false, heldBy: (await this.leases.findOne({ _id })) ?? held };
      }
      // The expired holder is the one this taker replaces (its job or run is abandoned).
      await this.leases.deleteOne({ _id, owner: held.owner, expiresAt: held.expiresAt });
      tookOverFrom = held;
    }
    const held = await this.leases.findOne({ _id });
    if (held) return { taken: false, heldBy: held };
    throw new UnavailableError(`${this.kind} lease of ${modelId}`, 'taken and released by other callers three times in a row; try again');
  }

  /** Extends `owner`'s lease by leaseMs from now; false when it no longer holds it (expired and taken over). */
  async renew(modelId: string, owner: string): Promise<boolean> {
    const renewed = await this.leases.updateOne({ _id: this.leaseKey(modelId), owner }, { $set: { expiresAt: new Date(this.clock().getTime() + this.leaseMs) } });
    return renewed.matchedCount === 1;
  }

  /** Releases `owner`'s lease; a lease another holder has since taken is left alone. */
  async release(modelId: string, owner: string): Promise<void> {
    await this.leases.deleteOne({ _id: this.leaseKey(modelId), owner });
  }

  /** The lease of `modelId` as stored, or null. */
  async current(modelId: string): Promise<LeaseDoc | null> {
    return this.leases.findOne({ _id: this.leaseKey(modelId) });
  }
}
