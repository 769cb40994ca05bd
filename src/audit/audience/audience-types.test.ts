import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Account } from '../../core/account.ts';
import {
  audienceTypeOf,
  audienceTypeRules,
  defaultAudienceThresholds,
  isInactive,
} from './audience-types.ts';

const observedAt = new Date('2026-11-01T00:00:00Z');
const thresholds = defaultAudienceThresholds(0.5);

function account(fields: Partial<Account>): Account {
  return { platform: 'x', id: '1', observedAt, source: { format: 'test', file: 'test' }, ...fields };
}

test('defaults: the model threshold, following > 1,500, followers > 5,000, 180 days', () => {
  assert.deepEqual(defaultAudienceThresholds(0.62), {
    suspiciousPFake: 0.62,
    massFollowing: 1500,
    influencerFollowers: 5000,
    inactiveDays: 180,
  });
});

test('precedence: suspicious > mass follower > inactive > influencer > real', () => {
  const everything = account({ followingCount: 4000, postsCount: 0, followersCount: 90_000 });
  assert.equal(audienceTypeOf(everything, 0.9, thresholds), 'suspicious');
  assert.equal(audienceTypeOf(everything, 0.1, thresholds), 'mass follower');
  const inactiveInfluencer = account({ followingCount: 200, postsCount: 0, followersCount: 90_000 });
  assert.equal(audienceTypeOf(inactiveInfluencer, 0.1, thresholds), 'inactive');
  assert.equal(
    audienceTypeOf(account({ followersCount: 5001, postsCount: 10 }), 0.1, thresholds),
    'influencer',
  );
  assert.equal(
    audienceTypeOf(account({ followersCount: 5000, followingCount: 1500 }), 0.1, thresholds),
    'real',
  );
  assert.equal(audienceTypeOf(account({}), 0.5, thresholds), 'suspicious');
  assert.equal(audienceTypeOf(account({}), 0.4999, thresholds), 'real');
});

test('inactive: no post at all, or a last post older than the threshold when it is known', () => {
  const daysAgo = (days: number) => new Date(observedAt.getTime() - days * 86_400_000);
  assert.equal(isInactive(account({ postsCount: 0 }), 180), true);
  assert.equal(isInactive(account({ postsCount: 12, lastPostAt: daysAgo(181) }), 180), true);
  assert.equal(isInactive(account({ postsCount: 12, lastPostAt: daysAgo(179) }), 180), false);
  assert.equal(isInactive(account({ postsCount: 12 }), 180), false);
  assert.equal(isInactive(account({}), 180), false);
  assert.equal(isInactive(account({ lastPostAt: daysAgo(40) }), 30), true);
});

test('the rules are printed with their thresholds', () => {
  const rules = audienceTypeRules({ ...thresholds, massFollowing: 2000, inactiveDays: 90 });
  assert.match(rules.suspicious, /0\.5/);
  assert.match(rules['mass follower'], /2,000/);
  assert.match(rules.inactive, /90 days/);
  assert.match(rules.influencer, /5,000/);
});
