import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Account } from '../../core/account.ts';
import { COMBINED_RULES, PROFILE_RULES } from './profile-rules.ts';

const base: Account = { platform: 'x', id: '1', source: { format: 'test', file: 't' } };
const rule = (name: string) => {
  const found = [...PROFILE_RULES, ...COMBINED_RULES].find((r) => r.name === name);
  assert.ok(found, name);
  return found;
};

describe('profile rules', () => {
  it('decide from the fields they read, and abstain without them', () => {
    assert.equal(rule('CC: followers >= 30').saysFake({ ...base, followersCount: 29 }), true);
    assert.equal(rule('CC: followers >= 30').saysFake({ ...base, followersCount: 30 }), false);
    assert.equal(rule('CC: followers >= 30').saysFake(base), undefined);
    assert.equal(
      rule('Socialbakers: friends:followers >= 50:1').saysFake({
        ...base,
        followersCount: 2,
        followingCount: 100,
      }),
      true,
    );
    assert.equal(
      rule('Socialbakers: friends:followers >= 50:1').saysFake({
        ...base,
        followersCount: 3,
        followingCount: 100,
      }),
      false,
    );
  });

  it('measure "after 2 months" against the capture time, not today', () => {
    const young = {
      ...base,
      hasDefaultAvatar: true,
      createdAt: new Date('2014-01-01'),
      observedAt: new Date('2014-02-01'),
    };
    const old = { ...young, observedAt: new Date('2014-06-01') };
    const r = rule('Socialbakers: default image after 2 months');
    assert.equal(r.saysFake(young), false);
    assert.equal(r.saysFake(old), true);
  });

  it('combine Camisani-Calzolari points by majority', () => {
    const r = rule('Camisani-Calzolari profile points (< half)');
    const empty = {
      ...base,
      displayName: 'a',
      hasDefaultAvatar: true,
      bio: '',
      followersCount: 1,
      postsCount: 0,
      listedCount: 0,
      followingCount: 500,
    };
    assert.equal(r.saysFake(empty), true);
    const full = {
      ...base,
      displayName: 'Ann',
      hasDefaultAvatar: false,
      bio: 'hi',
      location: 'Rome',
      url: 'x',
      followersCount: 300,
      postsCount: 900,
      listedCount: 2,
      followingCount: 200,
    };
    assert.equal(r.saysFake(full), false);
  });
});
