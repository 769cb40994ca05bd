// A profile's follower count at one moment: what every fetch records and the follower-count history is made of.
import type { Account, Platform } from './account.ts';

export interface FollowerCountSnapshot {
  platform: Platform;
  /** The profile's platform id. */
  profileId: string;
  handle?: string;
  observedAt: Date;
  followersCount: number;
  followingCount?: number;
  postsCount?: number;
  /** Where the count came from: `mastodon:https://mastodon.social/api/v1/accounts/lookup`, `export:file.json`, `audit`. */
  source: string;
}

/** The profile's follower count at the time it was read, as a point of its history; none without that time. */
export function followerCountOf(
  profile: Account | undefined,
  source: string,
): FollowerCountSnapshot | undefined {
  if (profile?.followersCount === undefined || profile.observedAt === undefined) return undefined;
  return {
    platform: profile.platform,
    profileId: profile.id,
    ...(profile.handle === undefined ? {} : { handle: profile.handle }),
    observedAt: profile.observedAt,
    followersCount: profile.followersCount,
    ...(profile.followingCount === undefined ? {} : { followingCount: profile.followingCount }),
    ...(profile.postsCount === undefined ? {} : { postsCount: profile.postsCount }),
    source,
  };
}
