import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FIXTURE_OBSERVED_AT, fixturePath, readAll } from './fixtures/read-fixture.ts';

// Fixtures (hand-made rows; the keys are those of the dataset's JSON in github.com/fcakyon/instafake-dataset,
// data/fake-v1.0/*.json and data/automated-v1.0/*.json, as listed in its README):
// - instafake-fake-v1.json: one fake and one real fake-v1.0 record.
// - instafake-automated-v1.json: one automated and one non-automated automated-v1.0 record.
// - instafake-bad.json: a good record, a count of the wrong type, a label out of range.

describe('instafake format', () => {
  it('maps fake-v1.0 records to Instagram accounts with derived facts and fake/human labels', async () => {
    const path = fixturePath('instafake-fake-v1.json');
    const { format, accounts, labels, errors } = await readAll(path);
    assert.equal(format, 'instafake');
    assert.deepEqual(errors, []);
    assert.deepEqual(labels, ['fake', 'human']);
    assert.deepEqual(accounts[0], {
      platform: 'instagram',
      id: `${path}#0`,
      followersCount: 7,
      followingCount: 2873,
      postsCount: 0,
      hasDefaultAvatar: true,
      isPrivate: true,
      bioLength: 0,
      handleLength: 14,
      handleDigits: 5,
      hasUrl: undefined,
      observedAt: FIXTURE_OBSERVED_AT,
      source: { format: 'instafake', file: path, line: 2, index: 0 },
    });
    assert.equal(accounts[1]?.id, `${path}#1`);
    assert.equal(accounts[1]?.hasDefaultAvatar, false);
  });

  it('gives the same ids on every read', async () => {
    const path = fixturePath('instafake-fake-v1.json');
    const first = await readAll(path);
    const second = await readAll(path);
    assert.deepEqual(
      first.accounts.map((account) => account.id),
      second.accounts.map((account) => account.id),
    );
  });

  it('maps automated-v1.0 records: bot/human labels, the external-URL flag, no avatar or privacy facts', async () => {
    const path = fixturePath('instafake-automated-v1.json');
    const { format, accounts, labels, errors } = await readAll(path);
    assert.equal(format, 'instafake');
    assert.deepEqual(errors, []);
    assert.deepEqual(labels, ['bot', 'human']);
    assert.deepEqual(
      accounts.map((account) => [
        account.hasUrl,
        account.postsCount,
        account.hasDefaultAvatar,
        account.isPrivate,
      ]),
      [
        [false, 3, undefined, undefined],
        [true, 2, undefined, undefined],
      ],
    );
  });

  it('reports broken records with their line, index and field', async () => {
    const path = fixturePath('instafake-bad.json');
    const { accounts, errors } = await readAll(path);
    assert.deepEqual(
      accounts.map((account) => account.id),
      [`${path}#0`],
    );
    assert.deepEqual(errors, [
      {
        file: path,
        line: 13,
        index: 1,
        field: 'userFollowerCount',
        reason: 'expected a count (a whole number >= 0), got "many"',
      },
      { file: path, line: 24, index: 2, field: 'isFake', reason: 'expected true/false or 1/0, got 2' },
    ]);
  });
});
