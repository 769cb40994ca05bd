// Sorts each follower into exactly one audience type by published rules, checked in a fixed order of precedence.
//
// Precedence: suspicious > mass follower > inactive > influencer > real. A follower that fits several types takes
// the first: a bot that follows 4,000 accounts is counted as suspicious, not as a mass follower, so the types add
// up to the followers read and the share of real followers is never inflated by an account already counted elsewhere.
import type { Account } from '../../core/account.ts';
import type { AudienceThresholds, AudienceType } from '../report-schema.ts';

const DAY_MS = 86_400_000;

/** The thresholds the report uses unless the user gives others; the suspicious one is the model's own. */
export function defaultAudienceThresholds(modelThreshold: number): AudienceThresholds {
  return {
    suspiciousPFake: modelThreshold,
    massFollowing: 1500,
    influencerFollowers: 5000,
    inactiveDays: 180,
  };
}

/**
 * Whether a follower is inactive: no post at all (0 posts), or a last post more than `inactiveDays` before the
 * profile was observed. Unknown when neither the post count nor the last post time is known (then not inactive).
 */
export function isInactive(account: Account, inactiveDays: number): boolean {
  if (account.postsCount === 0) return true;
  if (account.lastPostAt === undefined || account.observedAt === undefined) return false;
  return account.observedAt.getTime() - account.lastPostAt.getTime() > inactiveDays * DAY_MS;
}

/** Whether the follower's activity is known at all (for the share of active followers). */
export function isActivityKnown(account: Account): boolean {
  return account.postsCount !== undefined || account.lastPostAt !== undefined;
}

export function audienceTypeOf(
  account: Account,
  pFake: number,
  thresholds: AudienceThresholds,
): AudienceType {
  if (pFake >= thresholds.suspiciousPFake) return 'suspicious';
  if (account.followingCount !== undefined && account.followingCount > thresholds.massFollowing)
    return 'mass follower';
  if (isInactive(account, thresholds.inactiveDays)) return 'inactive';
  if (account.followersCount !== undefined && account.followersCount > thresholds.influencerFollowers)
    return 'influencer';
  return 'real';
}

const count = new Intl.NumberFormat('en-US');

/** Each type's rule in words, as the report prints it. */
export function audienceTypeRules(thresholds: AudienceThresholds): Record<AudienceType, string> {
  return {
    suspicious: `p(fake) ≥ ${thresholds.suspiciousPFake}`,
    'mass follower': `not suspicious; follows more than ${count.format(thresholds.massFollowing)} accounts`,
    inactive: `none of the above; no post at all, or none for more than ${count.format(thresholds.inactiveDays)} days before it was observed (when the last post time is known)`,
    influencer: `none of the above; more than ${count.format(thresholds.influencerFollowers)} followers`,
    real: 'none of the above',
  };
}
