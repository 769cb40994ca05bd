// Time measured against when the profile was captured (observedAt), never against today.
import type { Account } from '../core/account.ts';

const MS_PER_DAY = 86_400_000;

/**
 * Days from createdAt to observedAt, at least 1 so that rates per day stay finite for accounts captured on the day
 * they were made. NaN when either date is unknown.
 */
export function accountAgeDays(account: Account): number {
  const created = account.createdAt;
  const observed = account.observedAt;
  if (created === undefined || observed === undefined) return Number.NaN;
  return Math.max(1, (observed.getTime() - created.getTime()) / MS_PER_DAY);
}

/**
 * Days from the last post to observedAt, at least 0 (a capture taken from the post itself has the post's time).
 * NaN when either date is unknown.
 */
export function daysSinceLastPost(account: Account): number {
  const lastPost = account.lastPostAt;
  const observed = account.observedAt;
  if (lastPost === undefined || observed === undefined) return Number.NaN;
  return Math.max(0, (observed.getTime() - lastPost.getTime()) / MS_PER_DAY);
}
