// The ordered, versioned list of features computed from an Account alone: names, descriptions, values and wording.
//
// Only what an account is and does counts: never its id, its source, its platform (which names the collection) or
// the calendar date it was observed at (the era would identify the collection); observedAt is only the clock
// that ages and rates are measured against. Counts, rates and ratios are log-scaled so that their heavy tails
// spread evenly over histogram bins.
import type { Account } from '../core/account.ts';
import { daysSinceLastPost } from './account-age.ts';
import { countOf, formatCount, formatDays, formatPercent, joinWords, rateOf } from './reason-wording.ts';
import {
  alphanumericSimilarity,
  characterEntropy,
  codePointLength,
  countDigits,
  countWords,
  handleEnd,
  handleStart,
  hasVisibleText,
} from './text-measures.ts';

/** Bump when any feature is added, removed, reordered or computed differently: models record the version they need. */
export const FEATURE_SET_VERSION = '1';

export interface FeatureSpec {
  /** Stable identifier, stored in trained models. */
  readonly name: string;
  /** One line for users: what the number measures. */
  readonly description: string;
  /** True when every platform exposes what the feature needs (counts, age, bio, handle, name, avatar). */
  readonly general: boolean;
  /** The value for one account; `ageDays` is `accountAgeDays(account)`. NaN when the account does not tell. */
  readonly compute: (account: Account, ageDays: number) => number;
  /** The account's own value in words, for a reason sentence: "follows 4,100 accounts but has 3 followers". */
  readonly describe: (value: number, account: Account) => string;
  /** When the value is NaN: the facts the account does not give that the feature needs ("post count", "creation date"). */
  readonly lacks: (account: Account) => string[];
}

interface FeatureDefinition extends Omit<FeatureSpec, 'describe'> {
  /** Words for a known value. */
  readonly known: (value: number, account: Account) => string;
}

function feature({ known, ...spec }: FeatureDefinition): FeatureSpec {
  return {
    ...spec,
    describe: (value, account) =>
      Number.isNaN(value)
        ? `the list does not give its ${joinWords(spec.lacks(account))}`
        : known(value, account),
  };
}

/** The facts among `fields` the account does not give, in words; all of them when it gives each (the value was unusable). */
function givenNeither(account: Account, fields: readonly (readonly [keyof Account, string])[]): string[] {
  const missing = fields.filter(([field]) => account[field] === undefined).map(([, words]) => words);
  return missing.length > 0 ? missing : fields.map(([, words]) => words);
}

/** What an age needs: the creation date and the capture time it is measured to. */
const AGE_FIELDS: readonly (readonly [keyof Account, string])[] = [
  ['createdAt', 'creation date'],
  ['observedAt', 'capture time'],
];

function lacksAge(account: Account): string[] {
  return givenNeither(account, AGE_FIELDS);
}

function flag(value: boolean | undefined): number {
  return value === undefined ? Number.NaN : value ? 1 : 0;
}

function logCount(count: number | undefined): number {
  return count === undefined ? Number.NaN : Math.log1p(count);
}

function logRatePerDay(count: number | undefined, ageDays: number): number {
  return count === undefined ? Number.NaN : Math.log1p(count / ageDays);
}

/** Undoes `Math.log1p` on a count, rounding away floating-point error. */
function countFromLog(value: number): number {
  return Math.round(Math.expm1(value));
}

/** ln((following + 1) / (followers + 1)^power): +1 keeps accounts with no followers finite and ordered. */
function logFollowingPerFollower(account: Account, power: number): number {
  const following = account.followingCount;
  const followers = account.followersCount;
  if (following === undefined || followers === undefined) return Number.NaN;
  return Math.log1p(following) - power * Math.log1p(followers);
}

function followsAndHas(_value: number, account: Account): string {
  const following = account.followingCount;
  const followers = account.followersCount;
  if (following === undefined || followers === undefined)
    return 'the list does not give its following or follower count';
  const joint = following > followers ? 'but' : 'and';
  return `follows ${countOf(following, 'account')} ${joint} has ${countOf(followers, 'follower')}`;
}

// Three features in a row measure an account's handle (its length, its digits, their ratio) and two its display name
// against the handle: each measure is kept for the strings it was taken of, and taken again only for others (the same
// strings give the same numbers, so this changes no value).
let measuredHandle: string | undefined;
let measuredLength = 0;
let measuredDigits = 0;

function measureHandle(handle: string): void {
  if (handle === measuredHandle) return;
  const start = handleStart(handle);
  const end = handleEnd(handle);
  measuredLength = codePointLength(handle, start, end);
  measuredDigits = countDigits(handle, start, end);
  measuredHandle = handle;
}

function handleLength(account: Account): number {
  const handle = account.handle;
  if (handle === undefined) return account.handleLength ?? Number.NaN;
  measureHandle(handle);
  return measuredLength;
}

function handleDigits(account: Account): number {
  const handle = account.handle;
  if (handle === undefined) return account.handleDigits ?? Number.NaN;
  measureHandle(handle);
  return measuredDigits;
}

function handleDigitRatio(account: Account): number {
  if (account.handle === undefined && account.handleDigitRatio !== undefined) return account.handleDigitRatio;
  const length = handleLength(account);
  return length > 0 ? handleDigits(account) / length : Number.NaN;
}

function displayNameWords(account: Account): number {
  const name = account.displayName;
  return name === undefined ? (account.displayNameWords ?? Number.NaN) : countWords(name);
}

let comparedName: string | undefined;
let comparedHandle: string | undefined;
let similarity = Number.NaN;

function displayNameSimilarity(account: Account): number {
  const { displayName, handle } = account;
  if (displayName === undefined || handle === undefined) return Number.NaN;
  if (displayName !== comparedName || handle !== comparedHandle) {
    similarity = alphanumericSimilarity(displayName, handle, handleStart(handle), handleEnd(handle));
    comparedName = displayName;
    comparedHandle = handle;
  }
  return similarity;
}

export const FEATURES: readonly FeatureSpec[] = [
  feature({
    name: 'log_followers',
    description: 'Followers (log scale)',
    general: true,
    compute: (account) => logCount(account.followersCount),
    known: (value) => `has ${countOf(countFromLog(value), 'follower')}`,
    lacks: () => ['follower count'],
  }),
  feature({
    name: 'log_following',
    description: 'Accounts it follows (log scale)',
    general: true,
    compute: (account) => logCount(account.followingCount),
    known: (value) => `follows ${countOf(countFromLog(value), 'account')}`,
    lacks: () => ['following count'],
  }),
  feature({
    name: 'log_posts',
    description: 'Posts it has published (log scale)',
    general: true,
    compute: (account) => logCount(account.postsCount),
    known: (value) =>
      value === 0 ? 'has never posted' : `has published ${countOf(countFromLog(value), 'post')}`,
    lacks: () => ['post count'],
  }),
  feature({
    name: 'log_likes',
    description: 'Posts it has liked (log scale)',
    general: false,
    compute: (account) => logCount(account.likesCount),
    known: (value) =>
      value === 0 ? 'has never liked a post' : `has liked ${countOf(countFromLog(value), 'post')}`,
    lacks: () => ['like count'],
  }),
  feature({
    name: 'log_listed',
    description: 'Lists others have put it on (log scale)',
    general: false,
    compute: (account) => logCount(account.listedCount),
    known: (value) => (value === 0 ? 'is on no lists' : `is on ${countOf(countFromLog(value), 'list')}`),
    lacks: () => ['list count'],
  }),
  feature({
    name: 'log_following_per_follower',
    description: 'Accounts it follows per follower, ln((following + 1) / (followers + 1))',
    general: true,
    compute: (account) => logFollowingPerFollower(account, 1),
    known: followsAndHas,
    lacks: (account) =>
      givenNeither(account, [
        ['followingCount', 'following count'],
        ['followersCount', 'follower count'],
      ]),
  }),
  feature({
    name: 'log_following_per_follower_squared',
    description:
      'Accounts it follows per squared follower count, ln((following + 1) / (followers + 1)²) (Cresci et al. 2015)',
    general: true,
    compute: (account) => logFollowingPerFollower(account, 2),
    known: followsAndHas,
    lacks: (account) =>
      givenNeither(account, [
        ['followingCount', 'following count'],
        ['followersCount', 'follower count'],
      ]),
  }),
  feature({
    name: 'log_age_days',
    description: 'Account age in days when it was observed (log scale)',
    general: true,
    compute: (_account, ageDays) => Math.log1p(ageDays),
    known: (value) => `account is ${formatDays(Math.expm1(value))} old`,
    lacks: lacksAge,
  }),
  feature({
    name: 'log_posts_per_day',
    description: 'Posts per day of account age (log scale)',
    general: true,
    compute: (account, ageDays) => logRatePerDay(account.postsCount, ageDays),
    known: (value) => `averages ${rateOf(Math.expm1(value), 'post')} a day`,
    lacks: (account) => givenNeither(account, [['postsCount', 'post count'], ...AGE_FIELDS]),
  }),
  feature({
    name: 'log_followers_per_day',
    description: 'Followers gained per day of account age (log scale)',
    general: true,
    compute: (account, ageDays) => logRatePerDay(account.followersCount, ageDays),
    known: (value) => `gained ${rateOf(Math.expm1(value), 'follower')} a day on average`,
    lacks: (account) => givenNeither(account, [['followersCount', 'follower count'], ...AGE_FIELDS]),
  }),
  feature({
    name: 'log_following_per_day',
    description: 'Accounts followed per day of account age (log scale)',
    general: true,
    compute: (account, ageDays) => logRatePerDay(account.followingCount, ageDays),
    known: (value) => `followed ${rateOf(Math.expm1(value), 'account')} a day on average`,
    lacks: (account) => givenNeither(account, [['followingCount', 'following count'], ...AGE_FIELDS]),
  }),
  feature({
    name: 'log_likes_per_day',
    description: 'Posts liked per day of account age (log scale)',
    general: false,
    compute: (account, ageDays) => logRatePerDay(account.likesCount, ageDays),
    known: (value) => `liked ${rateOf(Math.expm1(value), 'post')} a day on average`,
    lacks: (account) => givenNeither(account, [['likesCount', 'like count'], ...AGE_FIELDS]),
  }),
  feature({
    name: 'log_listed_per_day',
    description: 'Lists joined per day of account age (log scale)',
    general: false,
    compute: (account, ageDays) => logRatePerDay(account.listedCount, ageDays),
    known: (value) => `was put on ${rateOf(Math.expm1(value), 'list')} a day on average`,
    lacks: (account) => givenNeither(account, [['listedCount', 'list count'], ...AGE_FIELDS]),
  }),
  feature({
    name: 'log_days_since_last_post',
    description: 'Days from its last post to when it was observed (log scale)',
    general: false,
    compute: (account) => Math.log1p(daysSinceLastPost(account)),
    known: (value) =>
      value < Math.log1p(1)
        ? 'posted on the day it was observed'
        : `last posted ${formatDays(Math.expm1(value))} before it was observed`,
    lacks: (account) =>
      givenNeither(account, [
        ['lastPostAt', 'last post time'],
        ['observedAt', 'capture time'],
      ]),
  }),
  feature({
    name: 'bio_length',
    description: 'Characters in the bio',
    general: true,
    compute: (account) =>
      account.bio === undefined ? (account.bioLength ?? Number.NaN) : codePointLength(account.bio),
    known: (value) => (value === 0 ? 'has no bio' : `has a ${formatCount(value)}-character bio`),
    lacks: () => ['bio'],
  }),
  feature({
    name: 'has_url',
    description: 'Has a link in the profile (1) or not (0)',
    general: false,
    compute: (account) => (account.url === undefined ? flag(account.hasUrl) : account.url.length > 0 ? 1 : 0),
    known: (value) => (value === 1 ? 'has a link in the profile' : 'has no link in the profile'),
    lacks: () => ['link'],
  }),
  feature({
    name: 'has_location',
    description: 'Gives a location (1) or not (0)',
    general: false,
    compute: (account) =>
      account.location === undefined ? Number.NaN : hasVisibleText(account.location) ? 1 : 0,
    known: (value) => (value === 1 ? 'gives a location' : 'gives no location'),
    lacks: () => ['location'],
  }),
  feature({
    name: 'has_display_name',
    description: 'Has a display name (1) or not (0)',
    general: true,
    compute: (account) => {
      const name = account.displayName;
      if (name !== undefined) return hasVisibleText(name) ? 1 : 0;
      return account.displayNameWords === undefined ? Number.NaN : account.displayNameWords > 0 ? 1 : 0;
    },
    known: (value) => (value === 1 ? 'has a display name' : 'has no display name'),
    lacks: () => ['display name'],
  }),
  feature({
    name: 'display_name_handle_similarity',
    description: 'How alike the display name and the handle are, 0–1 (letters and digits, case ignored)',
    general: true,
    compute: displayNameSimilarity,
    known: (value) =>
      value === 1
        ? 'display name matches the handle'
        : `display name is ${formatPercent(value)} like the handle`,
    lacks: (account) =>
      givenNeither(account, [
        ['displayName', 'display name'],
        ['handle', 'handle'],
      ]),
  }),
  feature({
    name: 'display_name_equals_handle',
    description: 'Display name is the handle (1) or not (0) (letters and digits, case ignored)',
    general: true,
    compute: (account) =>
      account.displayName === undefined || account.handle === undefined
        ? flag(account.displayNameEqualsHandle)
        : displayNameSimilarity(account) === 1
          ? 1
          : 0,
    known: (value) => (value === 1 ? 'display name is the handle' : 'display name differs from the handle'),
    lacks: (account) =>
      givenNeither(account, [
        ['displayName', 'display name'],
        ['handle', 'handle'],
      ]),
  }),
  feature({
    name: 'display_name_words',
    description: 'Words in the display name',
    general: true,
    compute: displayNameWords,
    known: (value) => `display name has ${countOf(value, 'word')}`,
    lacks: () => ['display name'],
  }),
  feature({
    name: 'display_name_digit_ratio',
    description: 'Share of the display name that is digits',
    general: true,
    compute: (account) => {
      const name = account.displayName;
      if (name === undefined) return account.displayNameDigitRatio ?? Number.NaN;
      const length = codePointLength(name);
      return length > 0 ? countDigits(name) / length : Number.NaN;
    },
    known: (value) => `display name is ${formatPercent(value)} digits`,
    lacks: () => ['display name'],
  }),
  feature({
    name: 'handle_length',
    description: 'Characters in the handle',
    general: true,
    compute: handleLength,
    known: (value) => `handle is ${countOf(value, 'character')} long`,
    lacks: () => ['handle'],
  }),
  feature({
    name: 'handle_digits',
    description: 'Digits in the handle',
    general: true,
    compute: handleDigits,
    known: (value) => (value === 0 ? 'handle has no digits' : `handle has ${countOf(value, 'digit')}`),
    lacks: () => ['handle'],
  }),
  feature({
    name: 'handle_digit_ratio',
    description: 'Share of the handle that is digits',
    general: true,
    compute: handleDigitRatio,
    // No digits reads as the digit count's sentence, so the two are one reason, never two saying the same.
    known: (value) => (value === 0 ? 'handle has no digits' : `handle is ${formatPercent(value)} digits`),
    lacks: () => ['handle'],
  }),
  feature({
    name: 'handle_entropy',
    description: 'Shannon entropy of the handle’s characters in bits (higher looks more random)',
    general: true,
    compute: (account) => {
      const handle = account.handle;
      return handle === undefined
        ? Number.NaN
        : characterEntropy(handle, handleStart(handle), handleEnd(handle));
    },
    known: (value) => `handle’s characters have an entropy of ${rateOf(value, 'bit')}`,
    lacks: () => ['handle'],
  }),
  feature({
    name: 'has_default_avatar',
    description: 'Still has the platform’s default avatar (1) or a picture of its own (0)',
    general: true,
    compute: (account) => flag(account.hasDefaultAvatar),
    known: (value) => (value === 1 ? 'has the default avatar' : 'has a profile picture of its own'),
    lacks: () => ['profile picture'],
  }),
  feature({
    name: 'has_banner',
    description: 'Has a banner image (1) or not (0)',
    general: false,
    compute: (account) => flag(account.hasBanner),
    known: (value) => (value === 1 ? 'has a banner image' : 'has no banner image'),
    lacks: () => ['banner'],
  }),
  feature({
    name: 'is_verified',
    description: 'Verified by the platform (1) or not (0)',
    general: false,
    compute: (account) => flag(account.isVerified),
    known: (value) => (value === 1 ? 'is verified' : 'is not verified'),
    lacks: () => ['verification'],
  }),
  feature({
    name: 'is_private',
    description: 'Private (1) or public (0) profile',
    general: false,
    compute: (account) => flag(account.isPrivate),
    known: (value) => (value === 1 ? 'is private' : 'is public'),
    lacks: () => ['privacy setting'],
  }),
  feature({
    name: 'is_self_declared_bot',
    description: 'Says of itself that it is a bot (1) or not (0)',
    general: false,
    compute: (account) => flag(account.isSelfDeclaredBot),
    known: (value) => (value === 1 ? 'declares itself a bot' : 'does not declare itself a bot'),
    lacks: () => ['bot label'],
  }),
];

/** The features every platform exposes, for the `general` model (Mastodon, Bluesky). */
export const GENERAL_FEATURES: readonly string[] = FEATURES.filter((spec) => spec.general).map(
  (spec) => spec.name,
);
