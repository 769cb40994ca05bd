import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lostFollowers } from './lost-followers.ts';

describe('lostFollowers', () => {
  it('counts the followers gone since the earlier audit and the share of them it had flagged', () => {
    const earlier = [
      { id: 'a', suspicious: true },
      { id: 'b', suspicious: true },
      { id: 'c', suspicious: false },
      { id: 'd', suspicious: false },
    ];
    assert.deepEqual(lostFollowers(earlier, new Set(['c', 'd', 'e'])), {
      earlierFollowers: 4,
      lost: 2,
      lostFlagged: 2,
      flaggedShareOfLost: 1,
      flaggedShareOfAll: 0.5,
    });
    assert.equal(lostFollowers(earlier, new Set(['a', 'b', 'c', 'd'])).flaggedShareOfLost, null);
  });
});
