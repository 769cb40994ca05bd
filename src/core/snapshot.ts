// A profile's follower count at one moment: what every fetch records and the follower-count history is made of.
import type { Platform } from './account.ts';

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
