import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Account } from '../core/account.ts';
import { loadDetector } from './detector.ts';
import { FOLLOWER_KINDS, kindDetectorsOf } from './kind-models.ts';

const account: Account = {
  platform: 'x',
  id: '1',
  handle: 'user83920174',
  followersCount: 2,
  followingCount: 1900,
  postsCount: 0,
  createdAt: new Date('2014-01-02T00:00:00Z'),
  observedAt: new Date('2014-06-01T00:00:00Z'),
  source: { format: 'test', file: 'test' },
};

describe('kind models', () => {
  it("are the x union's members, one calibrated probability per kind, each from its own bundled model", async () => {
    const detector = await loadDetector('x');
    const kinds = kindDetectorsOf(detector);
    assert.ok(kinds);
    assert.deepEqual(
      kinds.kinds.map(({ kind, detector }) => [kind, detector.model.name]),
      [
        ['fakeFollower', 'x-fake-follower'],
        ['spamBot', 'x-spam-bot'],
      ],
    );
    const scores = kinds.score(account);
    for (const kind of FOLLOWER_KINDS) assert.ok(scores[kind] >= 0 && scores[kind] <= 1, kind);
    assert.deepEqual(detector.score(account).pKind, scores, 'the union scores the same kinds on its way');
  });

  it('are absent where no labelled data tells the kinds apart', async () => {
    assert.equal(kindDetectorsOf(await loadDetector('instagram')), undefined);
    assert.equal(kindDetectorsOf(await loadDetector('general')), undefined);
  });
});
