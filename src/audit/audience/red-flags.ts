// Red flags on the profile, its audience and the list itself, each from a stated rule: little content for the following, following far above followers, a jump in fakes among recent followers, followers unlike the model's training data, records rejected, a list too small for its profile, and a profile on another platform than its followers.
import type { Account, Platform } from '../../core/account.ts';
import { countOf, nounFor } from '../../core/plural.ts';
import type { AuditReport } from '../report-schema.ts';

type RedFlag = AuditReport['redFlags'][number];

/** Rules of thumb of realreach, not published norms: each flag's message says which threshold it crossed. */
export const RED_FLAG_RULES = {
  /** Followers per post above which a profile with at least `minFollowers` followers has little content for its following. */
  littleContent: { minFollowers: 1000, warning: 100, alert: 1000 },
  /** Following this many times the followers (and at least `minFollowing`) is far above them. */
  followingAboveFollowers: { minFollowing: 1000, warning: 2, alert: 10 },
  /** Newer half's fake share above the older half's by this much, and by at least `minZ` standard errors. */
  recentIntake: { warning: 0.1, alert: 0.2, minZ: 3 },
  /** When the shift test fires (shift-test.ts): an alert when its larger share passes `alert`, else a warning. */
  domainShift: { alert: 0.2 },
  /** Share of the records read that were rejected. */
  rejectedRecords: { warning: 0.01, alert: 0.1 },
  /**
   * A list of fewer than `maxListed` followers that holds less than `maxShare` of the profile's count: the
   * projection rests on few accounts (alert under `alertListed`).
   */
  smallList: { maxListed: 1000, maxShare: 0.1, alertListed: 30 },
} as const;

export interface IntakeComparison {
  recentFakeShare: number;
  olderFakeShare: number;
  recentCount: number;
  olderCount: number;
}

export interface RedFlagInputs {
  profile?: Account;
  /** The platform of the followers read (the first follower's, which chose the model). */
  followerPlatform?: Platform;
  /** Present only when the list's order is the follow order. */
  intake?: IntakeComparison;
  /** Share of followers unlike the training data, and share whose scores no mix of the training data's parts explains. */
  unlikeShare: number;
  misfitShare: number;
  /** The records read and rejected, and the distinct followers in the list. */
  read?: number;
  rejected?: number;
  listed?: number;
  /** Whether the shift test fired. */
  shiftFires: boolean;
  /**
   * The share of followers the shift test finds no mix of the training data's parts explains — on their scores, or
   * (the feature test) on some feature, read at the upper end its counts allow: what the fake share's interval bounds
   * without assumption when it fires (shift-test.ts, `boundedShare`). Defaults to `misfitShare`.
   */
  unexplainedShare?: number;
}

const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const percent = (share: number) => `${(share * 100).toFixed(1)} %`;

function profileFlags(profile: Account): RedFlag[] {
  const flags: RedFlag[] = [];
  const { followersCount: followers, followingCount: following, postsCount: posts } = profile;
  const content = RED_FLAG_RULES.littleContent;
  if (followers !== undefined && posts !== undefined && followers >= content.minFollowers) {
    const perPost = followers / Math.max(1, posts);
    if (perPost > content.warning) {
      flags.push({
        code: 'little-content',
        severity: perPost > content.alert ? 'alert' : 'warning',
        message: `${countOf(followers, 'follower')} for ${countOf(posts, 'post')}: ${count.format(perPost)} followers per post (flagged above ${content.warning}, alert above ${count.format(content.alert)}; realreach's rule of thumb)`,
      });
    }
  }
  const ratio = RED_FLAG_RULES.followingAboveFollowers;
  if (following !== undefined && followers !== undefined && following >= ratio.minFollowing) {
    const times = following / Math.max(1, followers);
    if (times > ratio.warning) {
      flags.push({
        code: 'following-far-above-followers',
        severity: times > ratio.alert ? 'alert' : 'warning',
        message: `follows ${countOf(following, 'account')} but has ${countOf(followers, 'follower')} (${times.toFixed(1)}×; flagged above ${ratio.warning}×, alert above ${ratio.alert}×)`,
      });
    }
  }
  return flags;
}

/** Two-proportion z statistic of the newer half's share against the older half's. */
function intakeZ(intake: IntakeComparison): number {
  const n1 = intake.recentCount;
  const n2 = intake.olderCount;
  if (n1 === 0 || n2 === 0) return 0;
  const pooled = (intake.recentFakeShare * n1 + intake.olderFakeShare * n2) / (n1 + n2);
  const error = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  return error === 0 ? 0 : (intake.recentFakeShare - intake.olderFakeShare) / error;
}

/** A profile on one platform over followers read from another: the list is probably not this profile's. */
function platformMismatch(profile: Account, followerPlatform: Platform): RedFlag[] {
  if (profile.platform === 'other' || followerPlatform === 'other' || profile.platform === followerPlatform)
    return [];
  return [
    {
      code: 'platform-mismatch',
      severity: 'alert',
      message: `the profile is on ${profile.platform} but its followers were read as ${followerPlatform} accounts: the list is probably another profile's, so the projections onto this profile's count mean nothing`,
    },
  ];
}

/** Flags on the list itself: many records rejected, or few followers next to the profile's count. */
function listFlags(inputs: RedFlagInputs): RedFlag[] {
  const flags: RedFlag[] = [];
  const { read, rejected, listed } = inputs;
  const rejectedRule = RED_FLAG_RULES.rejectedRecords;
  if (read !== undefined && rejected !== undefined && read > 0 && rejected / read > rejectedRule.warning) {
    const share = rejected / read;
    flags.push({
      code: 'rejected-records',
      severity: share > rejectedRule.alert ? 'alert' : 'warning',
      message: `${count.format(rejected)} of ${countOf(read, 'record')} (${percent(share)}) could not be read and ${nounFor(rejected, 'was', 'were')} left out (flagged above ${rejectedRule.warning * 100} %, alert above ${rejectedRule.alert * 100} %): the audit describes only the readable ones — see the rejected records`,
    });
  }
  const small = RED_FLAG_RULES.smallList;
  const profileCount = inputs.profile?.followersCount;
  if (
    listed !== undefined &&
    profileCount !== undefined &&
    listed < small.maxListed &&
    listed < profileCount * small.maxShare
  ) {
    flags.push({
      code: 'small-list',
      severity: listed < small.alertListed ? 'alert' : 'warning',
      message: `the list holds only ${countOf(listed, 'follower')} of a profile with ${count.format(profileCount)} (${percent(listed / profileCount)}; flagged under ${small.maxShare * 100} % and ${count.format(small.maxListed)} followers, alert under ${small.alertListed}): the projection onto the whole audience rests on few accounts and its interval is wide`,
    });
  }
  return flags;
}

export function redFlags(inputs: RedFlagInputs): RedFlag[] {
  const flags = [...(inputs.profile ? profileFlags(inputs.profile) : []), ...listFlags(inputs)];
  if (inputs.profile && inputs.followerPlatform)
    flags.push(...platformMismatch(inputs.profile, inputs.followerPlatform));
  const { intake } = inputs;
  if (intake) {
    const rule = RED_FLAG_RULES.recentIntake;
    const difference = intake.recentFakeShare - intake.olderFakeShare;
    const z = intakeZ(intake);
    if (difference >= rule.warning && z >= rule.minZ) {
      flags.push({
        code: 'recent-intake-fakes',
        severity: difference >= rule.alert ? 'alert' : 'warning',
        message: `the newer half of the followers is an estimated ${percent(intake.recentFakeShare)} fake against ${percent(intake.olderFakeShare)} for the older half (z = ${z.toFixed(1)}; flagged from +${rule.warning * 100} points, alert from +${rule.alert * 100}): a burst of bought or bot followers, or a purge of the older ones`,
      });
    }
  }
  const shift = RED_FLAG_RULES.domainShift;
  const unexplained = Math.max(inputs.misfitShare, inputs.unexplainedShare ?? 0);
  const shifted = Math.max(inputs.unlikeShare, unexplained);
  if (inputs.shiftFires) {
    flags.push({
      code: 'domain-shift',
      severity: shifted > shift.alert ? 'alert' : 'warning',
      // its point (what it means, what to do) first, its statistics after
      message: `the model's fake share may be off: the followers do not look like the accounts it was trained on — verify it with a labelled sample (realreach review). The shift test fired: ${percent(inputs.unlikeShare)} of the followers are unlike the model's training data and the fake share's interval counts ${percent(unexplained)} as where no mix of the training data's parts puts them (on their scores, or on some feature, at the upper end the counts allow; alert above ${shift.alert * 100} %)`,
    });
  }
  return flags;
}
