import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Account } from '../../core/account.ts';
import { redFlags } from './red-flags.ts';

function profile(fields: Partial<Account>): Account {
  return { platform: 'x', id: 'p', source: { format: 'test', file: 'test' }, ...fields };
}
const quiet = { unlikeShare: 0, misfitShare: 0, shiftFires: false };
const codes = (flags: ReturnType<typeof redFlags>) => flags.map((flag) => `${flag.code}:${flag.severity}`);

test('little content: followers per post above 100 (alert above 1,000), for profiles of 1,000 followers or more', () => {
  assert.deepEqual(
    codes(redFlags({ ...quiet, profile: profile({ followersCount: 50_000, postsCount: 1000 }) })),
    [],
  );
  assert.deepEqual(
    codes(redFlags({ ...quiet, profile: profile({ followersCount: 50_000, postsCount: 200 }) })),
    ['little-content:warning'],
  );
  assert.deepEqual(
    codes(redFlags({ ...quiet, profile: profile({ followersCount: 50_000, postsCount: 12 }) })),
    ['little-content:alert'],
  );
  assert.deepEqual(
    codes(redFlags({ ...quiet, profile: profile({ followersCount: 900, postsCount: 0 }) })),
    [],
  );
});

test('following far above followers: over 2× (alert over 10×) when following 1,000 or more', () => {
  const flags = (following: number, followers: number) =>
    codes(redFlags({ ...quiet, profile: profile({ followingCount: following, followersCount: followers }) }));
  assert.deepEqual(flags(3000, 2000), []);
  assert.deepEqual(flags(5000, 2000), ['following-far-above-followers:warning']);
  assert.deepEqual(flags(5000, 300), ['following-far-above-followers:alert']);
  assert.deepEqual(flags(900, 10), []);
});

test('recent intake: the newer half much faker than the older, and significantly so', () => {
  const intake = (recent: number, older: number, count: number) =>
    codes(
      redFlags({
        ...quiet,
        intake: { recentFakeShare: recent, olderFakeShare: older, recentCount: count, olderCount: count },
      }),
    );
  assert.deepEqual(intake(0.35, 0.2, 2000), ['recent-intake-fakes:warning']);
  assert.deepEqual(intake(0.5, 0.2, 2000), ['recent-intake-fakes:alert']);
  assert.deepEqual(intake(0.35, 0.2, 40), [], 'not significant on 40 followers a half');
  assert.deepEqual(intake(0.25, 0.2, 100_000), [], 'significant but small');
});

test('domain shift: only when the shift test fires (alert when over 20 % unlike the training data or misfit)', () => {
  assert.deepEqual(codes(redFlags({ unlikeShare: 0.15, misfitShare: 0.3, shiftFires: false })), []);
  assert.deepEqual(codes(redFlags({ unlikeShare: 0.15, misfitShare: 0.02, shiftFires: true })), [
    'domain-shift:warning',
  ]);
  assert.deepEqual(codes(redFlags({ unlikeShare: 0.05, misfitShare: 0.3, shiftFires: true })), [
    'domain-shift:alert',
  ]);
  // The feature test's misfit counts: 24.4 % of the followers off some feature is an alert, and the flag says so.
  const [feature] = redFlags({
    unlikeShare: 0.005,
    misfitShare: 0.004,
    unexplainedShare: 0.244,
    shiftFires: true,
  });
  assert.equal(feature?.severity, 'alert');
  assert.match(
    feature?.message ?? '',
    /0\.5 % of the followers are unlike .* counts 24\.4 % as where no mix/,
  );
  // Its point and what to do come first, the statistics after.
  assert.match(
    feature?.message ?? '',
    /^the model's fake share may be off: the followers do not look like the accounts it was trained on — verify it with a labelled sample \(realreach review\)\. The shift test fired: /,
  );
});

test('platform mismatch: a profile on one platform over followers read from another is an alert; unknown is not', () => {
  assert.deepEqual(
    codes(redFlags({ ...quiet, profile: profile({ platform: 'mastodon' }), followerPlatform: 'x' })),
    ['platform-mismatch:alert'],
  );
  assert.deepEqual(
    codes(redFlags({ ...quiet, profile: profile({ platform: 'x' }), followerPlatform: 'x' })),
    [],
  );
  assert.deepEqual(
    codes(redFlags({ ...quiet, profile: profile({ platform: 'x' }), followerPlatform: 'other' })),
    [],
  );
  assert.deepEqual(codes(redFlags({ ...quiet, followerPlatform: 'bluesky' })), []);
});
