// After a re-audit: which of the earlier audit's followers are gone, and what share of them the earlier audit had flagged as suspicious.

export interface EarlierFollower {
  id: string;
  suspicious: boolean;
}

export interface LostFollowers {
  earlierFollowers: number;
  lost: number;
  /** Lost followers the earlier audit had flagged. */
  lostFlagged: number;
  /** lostFlagged ÷ lost: near 1 when a purge removed what the audit flagged. */
  flaggedShareOfLost: number | null;
  /** Flagged ÷ all of the earlier audit's followers: what the lost share is set against. */
  flaggedShareOfAll: number;
}

/** `later` is every follower id of the re-audit; ids are compared as the platform gives them. */
export function lostFollowers(
  earlier: readonly EarlierFollower[],
  later: ReadonlySet<string>,
): LostFollowers {
  let lost = 0;
  let lostFlagged = 0;
  let flagged = 0;
  for (const follower of earlier) {
    if (follower.suspicious) flagged++;
    if (later.has(follower.id)) continue;
    lost++;
    if (follower.suspicious) lostFlagged++;
  }
  return {
    earlierFollowers: earlier.length,
    lost,
    lostFlagged,
    flaggedShareOfLost: lost === 0 ? null : lostFlagged / lost,
    flaggedShareOfAll: earlier.length === 0 ? 0 : flagged / earlier.length,
  };
}
