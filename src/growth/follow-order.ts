// A follower history rebuilt from one follower list in follow order: exact follow times where the source has them, else the creation-date lower bound.
import { type CountAt, dailySeries, type FollowerSeries } from './follower-series.ts';

/** What the rebuild needs of a follower, oldest follower first. */
export interface FollowOrderEntry {
  createdAt?: Date;
  /** When this follower followed, where the source says so (Instagram's export). */
  followedAt?: Date;
}

export interface RebuiltHistory {
  series: FollowerSeries;
  /**
   * Per follower, oldest first: the earliest time it can have followed — its own follow time when known, else the
   * latest creation date among it and everyone who followed before it (undefined before the first known date).
   */
  followedNoEarlierThan: (Date | undefined)[];
  /** How many followers had an exact follow time. */
  exactTimes: number;
}

export const REBUILT_NOTE =
  'Rebuilt from one follower list in follow order. A follower cannot follow before its account exists, so the ' +
  'latest creation date among it and everyone who followed before it is the earliest it can have followed ' +
  '(Meeder et al., WWW 2011); exact follow times are used where the export has them. Each follow time is a lower ' +
  'bound, so the curve reaches each count no later than the real one did, and it counts only the followers still ' +
  'there when the list was read: unfollows and purged accounts are not in it.';

/**
 * `followers` oldest first; `readAt`, when known, is when the list was read (it ends the curve). The curve has a
 * point at each bound: how many followers can have followed by then (all whose bound it is or an earlier one), never
 * fewer than really had; between two bounds it is a straight line (marked not observed), so the followers sharing a
 * bound are spread over the days since the previous one rather than piled onto one day as a false spike.
 */
export function rebuildFromFollowOrder(
  followers: readonly FollowOrderEntry[],
  readAt?: Date,
): RebuiltHistory {
  const followedNoEarlierThan: (Date | undefined)[] = [];
  let bound = Number.NEGATIVE_INFINITY;
  let exactTimes = 0;
  const counts: CountAt[] = [];
  for (let i = 0; i < followers.length; i++) {
    const follower = followers[i] as FollowOrderEntry;
    const own = follower.followedAt ?? follower.createdAt;
    if (follower.followedAt !== undefined) exactTimes++;
    if (own !== undefined && own.getTime() > bound) {
      if (Number.isFinite(bound)) counts.push({ at: new Date(bound), followers: i });
      bound = own.getTime();
    }
    followedNoEarlierThan.push(Number.isFinite(bound) ? new Date(bound) : undefined);
  }
  if (Number.isFinite(bound)) {
    counts.push({ at: new Date(bound), followers: followers.length });
    if (readAt !== undefined && readAt.getTime() > bound)
      counts.push({ at: readAt, followers: followers.length });
  }
  const note =
    exactTimes === followers.length && exactTimes > 0
      ? 'Rebuilt from the exact follow times of the export; it counts only the followers still there when the list was read.'
      : REBUILT_NOTE;
  return { series: dailySeries(counts, 'reconstructed', note), followedNoEarlierThan, exactTimes };
}
