import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FIXTURE_OBSERVED_AT, fixturePath, readAll } from './fixtures/read-fixture.ts';

// Fixtures (hand-made rows under the header of the Kaggle dataset "Instagram fake spammer genuine accounts",
// kaggle.com/datasets/free4ever1/instagram-fake-spammer-genuine-accounts, train.csv / test.csv):
// - kaggle-instagram.csv: one fake and two genuine rows.
// - kaggle-instagram-bad.csv: a good row, a ratio above 1, a short row, a count that is not a number.

describe('kaggle-instagram format', () => {
  it('recognises the header and maps each row to derived facts with a fake/human label', async () => {
    const path = fixturePath('kaggle-instagram.csv');
    const { format, accounts, labels, errors } = await readAll(path);
    assert.equal(format, 'kaggle-instagram');
    assert.deepEqual(errors, []);
    assert.deepEqual(labels, ['fake', 'human', 'human']);
    assert.deepEqual(accounts[0], {
      platform: 'instagram',
      id: `${path}:2`,
      followersCount: 11,
      followingCount: 2967,
      postsCount: 1,
      hasDefaultAvatar: true,
      isPrivate: false,
      bioLength: 0,
      handleDigitRatio: 0.44,
      displayNameWords: 1,
      displayNameDigitRatio: 0.25,
      displayNameEqualsHandle: false,
      hasUrl: false,
      observedAt: FIXTURE_OBSERVED_AT,
      source: { format: 'kaggle-instagram', file: path, line: 2 },
    });
    assert.deepEqual(
      accounts.map((account) => account.id),
      [`${path}:2`, `${path}:3`, `${path}:4`],
    );
    assert.equal(accounts[1]?.hasUrl, true);
    assert.equal(accounts[2]?.isPrivate, true);
    assert.equal(accounts[2]?.displayNameEqualsHandle, true);
  });

  it('reports broken rows with their line and column', async () => {
    const path = fixturePath('kaggle-instagram-bad.csv');
    const { accounts, errors } = await readAll(path);
    assert.equal(accounts.length, 1);
    assert.deepEqual(
      errors.map(({ file, line, field }) => ({ file, line, field })),
      [
        { file: path, line: 3, field: 'nums/length username' },
        { file: path, line: 4, field: '(record)' },
        { file: path, line: 5, field: '#posts' },
      ],
    );
    assert.equal(errors[0]?.reason, 'expected a number between 0 and 1, got "1.5"');
  });
});
