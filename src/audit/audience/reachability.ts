// Puts a follower in a reachability band by how many accounts it follows: the more it follows, the less of any one account's posts it sees.
/**
 * Bands: fewer than 500; 500 to 999; 1,000 to 1,500; more than 1,500 (the last matches the mass-follower rule).
 * Returns the band's index in REACHABILITY_BANDS, or undefined when the following count is unknown.
 */
export function reachabilityBandIndex(followingCount: number | undefined): number | undefined {
  if (followingCount === undefined) return undefined;
  if (followingCount < 500) return 0;
  if (followingCount < 1000) return 1;
  if (followingCount <= 1500) return 2;
  return 3;
}
