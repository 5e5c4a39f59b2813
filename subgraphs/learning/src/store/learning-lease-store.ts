/**
 * A model's lease of one kind (`learning_leases`, key `<kind>:<modelId>`): `learning` for its
 * learning job, `adaptation` for its adaptation run, each apart from the other, so at most one
 * job and one run per model at a time. Taken
 * by inserting its unique `_id` (atomic on FerretDB too, where a conditional update is not),
 * renewed by its holder while the job runs, taken over once expired (its holder died or
 * stalled), released when the job ends.
 *
 * Taking over: FerretDB 1.24 deletes by finding the document and then deleting its `_id`, so two
 * takers each deleting "the expired lease of X" can delete the lease one of them has just put in
 * its place. So the right to replace one expired lease (holder + expiry) is itself taken by
 * inserting a unique document into `learning_lease_takeovers`: one taker gets it, deletes the
 * expired lease (still there while nobody else may touch it) and inserts its own.
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

interface TakeoverDoc {
  _id: string;
  by: string;
  at: Date;
}

export type TakeResult = { taken: true; lease: LeaseDoc; tookOverFrom: LeaseDoc | null } | { taken: false; heldBy: LeaseDoc };

export type LeaseKind = 'learning' | 'adaptation';

export class LearningLeaseStore {
  private readonly leases: Collection<LeaseDoc>;
  private readonly takeovers: Collection<TakeoverDoc>;

  constructor(
    db: Db,
    readonly leaseMs: number,
    private readonly clock: () => Date = () => new Date(),
    private readonly kind: LeaseKind = 'learning',
  ) {
    this.leases = db.collection<LeaseDoc>('learning_leases');
    this.takeovers = db.collection<TakeoverDoc>('learning_lease_takeovers');
  }

  private leaseKey(modelId: string): string {
    return `${this.kind}:${modelId}`;
  }

  /**
   * Takes `modelId`'s lease for `owner`: inserted when free; an expired one is deleted (filtered
   * on its holder and expiry, so a lease just renewed or taken over by someone else stays) and
   * the insert retried once. Of two takers at once exactly one gets it.
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
        await this.takeovers.insertOne({ _id: `${_id}/${held.owner}/${held.expiresAt.getTime()}`, by: owner, at: now });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        // Another taker has the right to replace this lease: it is theirs.
        return { taken: false, heldBy: held };
      }
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
