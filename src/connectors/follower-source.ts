// The contract each platform connector fulfils: look the profile up, then page its followers, newest first, from a cursor.
import type { Account, Platform } from '../core/account.ts';
import type { RecordError } from '../core/errors.ts';
import type { FollowerCountSnapshot } from '../core/snapshot.ts';
import type { RetryPolicy } from './requests/api-client.ts';
import { withoutQuery } from './requests/api-url.ts';
import type { RateLimit } from './requests/rate-limiter.ts';
import type { LimiterFactory, RequestLimiter } from './requests/request-limiter.ts';

export interface ProfileLookup {
  account: Account;
  /** The profile's follower count at the lookup: what the follower-count history records. */
  snapshot: FollowerCountSnapshot;
  /** The platform says, before any follower request, that the account hides its followers. */
  networkHidden: boolean;
}

export interface FollowerPage {
  /** The followers to store, in the order the platform listed them (newest follow first). */
  followers: Account[];
  /** Followers listed but asking not to be shown to logged-out viewers (Bluesky `!no-unauthenticated`): counted, not stored. */
  withheld: number;
  /** Followers the platform listed in a shape the mapper could not read. */
  rejected: RecordError[];
  /** Where the next page starts; undefined after the last page. */
  next?: string;
  /** The platform listed no follower although the profile has some: it hides who follows it. */
  networkHidden: boolean;
}

export interface FollowerSource {
  platform: Platform;
  /** The API base the connector talks to. */
  service: string;
  /** Followers one request brings in (a page's size over the requests a page takes), for the ETA. */
  followersPerRequest: number;
  /** The limiter follower requests wait on, for the ETA. */
  limiter: RequestLimiter;
  lookupProfile(signal: AbortSignal): Promise<ProfileLookup>;
  /** Pages from `from` (the start when undefined); stops early when `signal` aborts. */
  pages(profile: Account, from: string | undefined, signal: AbortSignal): AsyncIterable<FollowerPage>;
  /** Where the followers come from, for the meta file: `mastodon:https://mastodon.social/api/v1/accounts/1/followers`. */
  followersSource(profile: Account): string;
}

/** What every connector is built with. */
export interface ConnectorOptions {
  /** The API base, for self-hosted servers, proxies and tests (default: the platform's own). */
  baseUrl?: string;
  /** The request budget (default: the platform's published limit); the server's rate-limit headers can only lower it. */
  rateLimit?: RateLimit;
  /** Makes the limiters requests wait on (default: this process's own); a worker passes one shared by every worker. */
  limiter?: LimiterFactory;
  retry: RetryPolicy;
  /** Told about retries and rate-limit waits. */
  onRetry?: (message: string) => void;
}

/** What a profile lookup records in the follower-count history: the account's counts when the answer came, and from where. */
export function lookupSnapshot(
  account: Account,
  followersCount: number,
  handle: string | undefined,
  observedAt: Date,
  url: URL,
): FollowerCountSnapshot {
  return {
    platform: account.platform,
    profileId: account.id,
    handle,
    observedAt,
    followersCount,
    followingCount: account.followingCount,
    postsCount: account.postsCount,
    source: `${account.platform}:${withoutQuery(url.href)}`,
  };
}
