// Tests for the feature list: hand-computed values, NaN for unknowns, derived-field fallbacks and reason wording.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Account } from '../core/account.ts';
import { accountAgeDays } from './account-age.ts';
import { FEATURE_SET_VERSION, FEATURES, GENERAL_FEATURES } from './feature-list.ts';

const SOURCE = { format: 'test', file: 'feature-list.test.ts' };
const DAY = 86_400_000;

function valuesOf(account: Account): Record<string, number> {
  const ageDays = accountAgeDays(account);
  return Object.fromEntries(FEATURES.map((spec) => [spec.name, spec.compute(account, ageDays)]));
}

function describeFeature(name: string, account: Account): string {
  const spec = FEATURES.find((candidate) => candidate.name === name);
  assert.ok(spec, `no feature ${name}`);
  return spec.describe(spec.compute(account, accountAgeDays(account)), account);
}

function assertClose(actual: number | undefined, expected: number, what: string): void {
  assert.ok(actual !== undefined && Math.abs(actual - expected) < 1e-12, `${what}: ${actual} ≠ ${expected}`);
}

/** A mass follower: 12 days old when observed, follows 4,100, followed by 3. */
const massFollower: Account = {
  platform: 'x',
  id: '1',
  handle: 'maria_g1990',
  displayName: 'Maria',
  bio: 'Love 🔥',
  url: 'https://example.com',
  location: '',
  followersCount: 3,
  followingCount: 4100,
  postsCount: 600,
  likesCount: 0,
  listedCount: 0,
  hasDefaultAvatar: true,
  hasBanner: false,
  isVerified: false,
  isPrivate: false,
  createdAt: new Date('2014-01-01T00:00:00Z'),
  lastPostAt: new Date('2014-01-10T00:00:00Z'),
  observedAt: new Date('2014-01-13T00:00:00Z'),
  source: SOURCE,
};

describe('the feature list', () => {
  it('has a version and unique snake_case names with one-line descriptions', () => {
    assert.match(FEATURE_SET_VERSION, /^\d+$/);
    const names = FEATURES.map((spec) => spec.name);
    assert.equal(new Set(names).size, names.length);
    for (const spec of FEATURES) {
      assert.match(spec.name, /^[a-z][a-z0-9_]*$/);
      assert.ok(spec.description.length > 0 && !spec.description.includes('\n'), spec.name);
    }
  });

  it('marks as general only what every platform has: counts, age, bio, handle, name, avatar', () => {
    for (const name of [
      'log_followers',
      'log_following_per_follower_squared',
      'log_age_days',
      'bio_length',
    ]) {
      assert.ok(GENERAL_FEATURES.includes(name), name);
    }
    for (const name of ['handle_entropy', 'display_name_handle_similarity', 'has_default_avatar']) {
      assert.ok(GENERAL_FEATURES.includes(name), name);
    }
    for (const name of ['log_likes', 'log_listed', 'has_url', 'has_location', 'is_verified', 'has_banner']) {
      assert.ok(!GENERAL_FEATURES.includes(name), name);
    }
  });
});

describe('feature values', () => {
  const values = valuesOf(massFollower);

  it('log-scales counts with ln(1 + count)', () => {
    assertClose(values.log_followers, Math.log(4), 'log_followers');
    assertClose(values.log_following, Math.log(4101), 'log_following');
    assert.equal(values.log_likes, 0);
  });

  it('smooths the following/follower ratios with +1', () => {
    assertClose(values.log_following_per_follower, Math.log(4101 / 4), 'ratio');
    assertClose(
      values.log_following_per_follower_squared,
      Math.log(4101 / 16),
      'ratio over squared followers',
    );
  });

  it('measures age and rates per day at observedAt', () => {
    assertClose(values.log_age_days, Math.log(13), 'age 12 days');
    assertClose(values.log_posts_per_day, Math.log(1 + 600 / 12), '50 posts a day');
    assertClose(values.log_following_per_day, Math.log(1 + 4100 / 12), 'following per day');
    assertClose(values.log_days_since_last_post, Math.log(4), '3 days since the last post');
  });

  it('measures the profile texts', () => {
    assert.equal(values.bio_length, 6);
    assert.equal(values.has_url, 1);
    assert.equal(values.has_location, 0);
    assert.equal(values.has_display_name, 1);
    assert.equal(values.display_name_words, 1);
    assert.equal(values.display_name_digit_ratio, 0);
    assert.equal(values.display_name_handle_similarity, 0.5);
    assert.equal(values.display_name_equals_handle, 0);
    assert.equal(values.handle_length, 11);
    assert.equal(values.handle_digits, 4);
    assert.equal(values.handle_digit_ratio, 4 / 11);
  });

  it('turns flags into 1 and 0', () => {
    assert.equal(values.has_default_avatar, 1);
    assert.equal(values.has_banner, 0);
    assert.equal(values.is_private, 0);
  });

  it('clamps the age to one day, so a same-day account has finite rates', () => {
    const sameDay = valuesOf({
      ...massFollower,
      createdAt: new Date(massFollower.observedAt?.getTime() ?? 0),
    });
    assertClose(sameDay.log_age_days, Math.log(2), 'age 1 day');
    assertClose(sameDay.log_posts_per_day, Math.log(601), '600 posts in a day');
  });

  it('counts a last post captured with the profile as 0 days old', () => {
    const capturedWithPost = { ...massFollower, lastPostAt: new Date('2014-01-13T05:00:00Z') };
    assert.equal(valuesOf(capturedWithPost).log_days_since_last_post, 0);
    assert.equal(
      describeFeature('log_days_since_last_post', capturedWithPost),
      'posted on the day it was observed',
    );
  });

  it('measures a Mastodon-style handle without its server', () => {
    const remote = valuesOf({ ...massFollower, handle: '@maria_g1990@example.social' });
    assert.equal(remote.handle_length, 11);
    assert.equal(remote.handle_digits, 4);
  });

  it('measures each handle and display name afresh, also when the same account object changes between rows', () => {
    const account: Account = { ...massFollower, displayName: 'maria_g1990' };
    const first = valuesOf(account);
    assert.equal(first.display_name_equals_handle, 1);
    account.handle = 'zz';
    account.displayName = 'Maria';
    const second = valuesOf(account);
    assert.equal(second.handle_length, 2);
    assert.equal(second.handle_digits, 0);
    assert.equal(second.handle_digit_ratio, 0);
    assert.equal(second.display_name_equals_handle, 0);
    assert.ok((second.display_name_handle_similarity as number) < 1);
    assert.deepEqual(valuesOf({ ...massFollower, displayName: 'maria_g1990' }), first);
  });
});

describe('unknowns', () => {
  it('are NaN, never a made-up default', () => {
    const bare = valuesOf({ platform: 'other', id: '1', source: SOURCE });
    for (const [name, value] of Object.entries(bare)) assert.ok(Number.isNaN(value), `${name} = ${value}`);
  });

  it('make age and rates NaN when createdAt or observedAt is missing', () => {
    const noObserved = valuesOf({ ...massFollower, observedAt: undefined });
    assert.ok(Number.isNaN(noObserved.log_age_days));
    assert.ok(Number.isNaN(noObserved.log_posts_per_day));
    assert.ok(Number.isNaN(noObserved.log_days_since_last_post));
    assertClose(noObserved.log_posts, Math.log(601), 'the count itself stays known');
    const noCreated = valuesOf({ ...massFollower, createdAt: undefined });
    assert.ok(Number.isNaN(noCreated.log_age_days));
    assert.ok(Number.isNaN(noCreated.log_followers_per_day));
  });

  it('make a ratio NaN when either count is missing', () => {
    const noFollowers = valuesOf({ ...massFollower, followersCount: undefined });
    assert.ok(Number.isNaN(noFollowers.log_following_per_follower));
    assert.ok(Number.isNaN(noFollowers.log_following_per_follower_squared));
  });
});

describe('derived-field fallbacks', () => {
  it('use InstaFake-style handle length and digit count when the handle text is absent', () => {
    const instaFake = valuesOf({
      platform: 'instagram',
      id: 'instafake:7',
      handleLength: 12,
      handleDigits: 3,
      bioLength: 40,
      followersCount: 10,
      followingCount: 900,
      source: SOURCE,
    });
    assert.equal(instaFake.handle_length, 12);
    assert.equal(instaFake.handle_digits, 3);
    assert.equal(instaFake.handle_digit_ratio, 0.25);
    assert.ok(Number.isNaN(instaFake.handle_entropy));
    assert.equal(instaFake.bio_length, 40);
    assertClose(instaFake.log_following_per_follower, Math.log(901 / 11), 'ratio');
  });

  it('use Kaggle-style ratios and flags when the texts are absent', () => {
    const kaggle = valuesOf({
      platform: 'instagram',
      id: 'train.csv:2',
      handleDigitRatio: 0.27,
      displayNameWords: 0,
      displayNameDigitRatio: 0,
      displayNameEqualsHandle: true,
      bioLength: 0,
      hasUrl: false,
      source: SOURCE,
    });
    assert.equal(kaggle.handle_digit_ratio, 0.27);
    assert.ok(Number.isNaN(kaggle.handle_length));
    assert.equal(kaggle.has_display_name, 0);
    assert.equal(kaggle.display_name_words, 0);
    assert.equal(kaggle.display_name_digit_ratio, 0);
    assert.equal(kaggle.display_name_equals_handle, 1);
    assert.ok(Number.isNaN(kaggle.display_name_handle_similarity));
    assert.equal(kaggle.bio_length, 0);
    assert.equal(kaggle.has_url, 0);
  });

  it('prefer the text when both are given', () => {
    const both = valuesOf({
      ...massFollower,
      handleLength: 99,
      bioLength: 99,
      displayNameWords: 9,
      hasUrl: false,
    });
    assert.equal(both.handle_length, 11);
    assert.equal(both.bio_length, 6);
    assert.equal(both.display_name_words, 1);
    assert.equal(both.has_url, 1);
  });
});

describe('describe()', () => {
  it('puts the account’s own numbers in words, with thousands separators', () => {
    assert.equal(
      describeFeature('log_following_per_follower', massFollower),
      'follows 4,100 accounts but has 3 followers',
    );
    assert.equal(
      describeFeature('log_following_per_follower', {
        ...massFollower,
        followingCount: 120,
        followersCount: 3400,
      }),
      'follows 120 accounts and has 3,400 followers',
    );
    assert.equal(describeFeature('log_followers', { ...massFollower, followersCount: 1 }), 'has 1 follower');
    assert.equal(describeFeature('log_following', massFollower), 'follows 4,100 accounts');
    assert.equal(describeFeature('log_posts', { ...massFollower, postsCount: 0 }), 'has never posted');
    assert.equal(describeFeature('log_posts_per_day', massFollower), 'averages 50 posts a day');
  });

  it('says how old the account is', () => {
    assert.equal(describeFeature('log_age_days', massFollower), 'account is 12 days old');
    const older = { ...massFollower, createdAt: new Date(Date.parse('2014-01-01T00:00:00Z') - 1200 * DAY) };
    assert.equal(describeFeature('log_age_days', older), 'account is 3.3 years old');
  });

  it('words flags and texts', () => {
    assert.equal(describeFeature('has_default_avatar', massFollower), 'has the default avatar');
    assert.equal(
      describeFeature('has_default_avatar', { ...massFollower, hasDefaultAvatar: false }),
      'has a profile picture of its own',
    );
    assert.equal(describeFeature('bio_length', massFollower), 'has a 6-character bio');
    assert.equal(describeFeature('bio_length', { ...massFollower, bio: '' }), 'has no bio');
    assert.equal(describeFeature('handle_digits', massFollower), 'handle has 4 digits');
    assert.equal(
      describeFeature('display_name_handle_similarity', massFollower),
      'display name is 50% like the handle',
    );
    assert.equal(
      describeFeature('log_days_since_last_post', massFollower),
      'last posted 3 days before it was observed',
    );
  });

  it('names the facts the list does not give instead of printing NaN', () => {
    const bare: Account = { platform: 'other', id: '1', source: SOURCE };
    for (const spec of FEATURES) {
      const words = spec.describe(spec.compute(bare, accountAgeDays(bare)), bare);
      assert.match(words, /^the list does not give its \w/, spec.name);
      assert.doesNotMatch(words, /NaN|unknown/, spec.name);
      assert.ok(spec.lacks(bare).length > 0, spec.name);
    }
  });

  it('says a handle without digits in one sentence, whether it counts or shares the digits (one reason, not two)', () => {
    const plain: Account = { platform: 'x', id: '1', handle: 'anna_k', source: SOURCE };
    assert.equal(describeFeature('handle_digit_ratio', plain), 'handle has no digits');
    assert.equal(describeFeature('handle_digits', plain), 'handle has no digits');
  });

  it('names only the facts that are missing: a rate with its count given lacks the dates', () => {
    const counted: Account = {
      platform: 'x',
      id: '1',
      postsCount: 5,
      createdAt: new Date(0),
      source: SOURCE,
    };
    const spec = FEATURES.find((candidate) => candidate.name === 'log_posts_per_day');
    assert.ok(spec);
    assert.deepEqual(spec.lacks(counted), ['capture time']);
    assert.equal(spec.describe(Number.NaN, counted), 'the list does not give its capture time');
  });
});
