// After a re-audit of a profile: its two newest saved audits compared, the followers lost between them and the share the earlier audit had flagged.
import { type LostFollowers, lostFollowers } from '../growth/lost-followers.ts';
import type { AuditSummary, Store } from '../store/store.ts';

export interface Reaudit {
  earlier: { id: number; createdAt: Date };
  later: { id: number; createdAt: Date };
  lost: LostFollowers;
}

/** More followers than this are not compared: the comparison reads every id of both audits. */
const MAX_COMPARED = 1_000_000;

/**
 * The two newest audits of `audits` (newest first, as the store lists them), when both read every follower: a
 * sample's missing followers are not lost ones. Undefined otherwise.
 */
export async function reauditOf(store: Store, audits: readonly AuditSummary[]): Promise<Reaudit | undefined> {
  const [newer, older] = audits;
  if (newer === undefined || older === undefined) return undefined;
  const [later, earlier] = await Promise.all([store.getAudit(newer.id), store.getAudit(older.id)]);
  if (later === undefined || earlier === undefined) return undefined;
  if (later.report.sample.kind === 'uniform' || earlier.report.sample.kind === 'uniform') return undefined;
  const [laterRows, earlierRows] = await Promise.all([
    store.listFollowOrder(later.id, MAX_COMPARED),
    store.listFollowOrder(earlier.id, MAX_COMPARED),
  ]);
  if (laterRows === undefined || earlierRows === undefined) return undefined;
  return {
    earlier: { id: earlier.id, createdAt: earlier.createdAt },
    later: { id: later.id, createdAt: later.createdAt },
    lost: lostFollowers(
      earlierRows.map((row) => ({ id: row.id, suspicious: row.type === 'suspicious' })),
      new Set(laterRows.map((row) => row.id)),
    ),
  };
}
