import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from '../../../test/skippable-tests.ts';
import type { Label } from '../../core/account.ts';
import { readAll } from './fixtures/read-fixture.ts';

// Reads the real Instagram datasets, where this checkout sits beside them (they are not in the repository: their
// licences forbid it). See SOURCE.md in each dataset folder for what the files are and the counts asserted here.
const repoRoot = resolve(import.meta.dirname, '..', '..', '..');
const datasets = resolve(repoRoot, '..', 'shared', 'datasets');
const skip = existsSync(datasets)
  ? false
  : `no datasets at ${datasets}; the Instagram dataset tests need them`;

function countLabels(labels: readonly (Label | undefined)[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const label of labels) counts[String(label)] = (counts[String(label)] ?? 0) + 1;
  return counts;
}

describe('the Instagram datasets', { skip }, () => {
  it('reads InstaFake fake-v1.0: 160 fake and 795 real accounts, none rejected', async () => {
    const fake = await readAll(resolve(datasets, 'instafake/fake-v1.0/fakeAccountData.json'));
    const real = await readAll(resolve(datasets, 'instafake/fake-v1.0/realAccountData.json'));
    for (const file of [fake, real]) {
      assert.equal(file.format, 'instafake');
      assert.deepEqual(file.errors, []);
    }
    assert.deepEqual(countLabels(fake.labels), { fake: 160 });
    assert.deepEqual(countLabels(real.labels), { human: 795 });
    const ids = new Set([...fake.accounts, ...real.accounts].map((account) => account.id));
    assert.equal(ids.size, 955, 'every record has its own id');
  });

  it('reads InstaFake automated-v1.0 (its non-automated half): 700 human accounts, none rejected', async () => {
    const { format, labels, errors } = await readAll(
      resolve(datasets, 'instafake/automated-v1.0/nonautomatedAccountData.json'),
    );
    assert.equal(format, 'instafake');
    assert.deepEqual(errors, []);
    assert.deepEqual(countLabels(labels), { human: 700 });
  });

  it('reads the Kaggle train.csv: 288 fake and 288 genuine accounts, none rejected', async () => {
    const { format, labels, errors } = await readAll(
      resolve(datasets, 'instagram-fake-spammer-genuine/train.csv'),
    );
    assert.equal(format, 'kaggle-instagram');
    assert.deepEqual(errors, []);
    assert.deepEqual(countLabels(labels), { fake: 288, human: 288 });
  });
});
