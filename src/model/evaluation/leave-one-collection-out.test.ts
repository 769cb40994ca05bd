import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Account, Label } from '../../core/account.ts';
import { selectFeatures } from '../../features/index.ts';
import { createSeededRandom } from '../seeded-random.ts';
import {
  EVERY_ROW,
  leaveOneCollectionOut,
  locoSplits,
  type TrainingMix,
} from './leave-one-collection-out.ts';

/** Humans with many followers, bots following many with few followers; `collections` gives each row's collection. */
function syntheticCollections(spec: [collection: string, label: Label, count: number][]) {
  const random = createSeededRandom(7);
  const result = { accounts: [] as Account[], labels: [] as Label[], collections: [] as string[] };
  for (const [collection, label, count] of spec) {
    for (let i = 0; i < count; i++) {
      const human = label === 'human';
      result.accounts.push({
        platform: 'x',
        id: `${collection}-${label}-${i}`,
        followersCount: Math.round(human ? 100 + random() * 900 : random() * 20),
        followingCount: Math.round(human ? 50 + random() * 250 : 500 + random() * 1500),
        source: { format: 'test', file: collection },
      });
      result.labels.push(label);
      result.collections.push(collection);
    }
  }
  return result;
}

const tiny = {
  collections: ['a', 'a', 'b', 'b', 'bots', 'c'],
  labels: ['human', 'fake', 'human', 'bot', 'bot', 'human'] as Label[],
};

describe('leave-one-collection-out splits', () => {
  it('hold out each collection whole and train on the rest of the listed ones', () => {
    const splits = locoSplits(tiny, ['a', 'b', 'bots']);
    assert.deepEqual(
      splits.map((split) => [split.heldOut, split.trainRows, split.testRows]),
      [
        ['a', [2, 3, 4], [0, 1]],
        ['b', [0, 1, 4], [2, 3]],
        ['bots', [0, 1, 2, 3], [4]],
      ],
    );
  });

  it('train only on the rows the mix takes, but test on every row of the held-out collection', () => {
    const fakesOnly: TrainingMix = {
      name: 'fakes',
      description: '',
      trainsOn: (_c, label) => label !== 'bot',
    };
    const [heldOutB] = locoSplits(tiny, ['b', 'a', 'bots', 'c'], fakesOnly);
    assert.deepEqual(heldOutB, { heldOut: 'b', trainRows: [0, 1, 5], testRows: [2, 3] });
  });
});

describe('leave-one-collection-out validation', () => {
  const data = syntheticCollections([
    ['a', 'human', 60],
    ['a', 'fake', 60],
    ['b', 'human', 60],
    ['b', 'bot', 40],
    ['bots', 'bot', 30],
  ]);
  const features = selectFeatures(['log_followers', 'log_following', 'log_following_per_follower']);
  const settings = { seed: 1, params: { nEstimators: 20, earlyStoppingRounds: 0 }, withLogistic: true };

  it('scores each held-out collection with a model that never saw it', () => {
    const results = leaveOneCollectionOut(data, ['a', 'b', 'bots'], features, EVERY_ROW, settings);
    assert.deepEqual(
      results.map((result) => [result.heldOut, result.rows, result.positives]),
      [
        ['a', 120, 60],
        ['b', 100, 40],
        ['bots', 30, 30],
      ],
    );
    const [a, , bots] = results;
    assert.ok((a?.outcome?.gbdt.rocAuc ?? 0) > 0.9, 'separable kinds transfer');
    assert.equal(bots?.outcome?.gbdt.rocAuc, null, 'one class: no ROC AUC');
    assert.ok((bots?.outcome?.gbdt.flaggedShare ?? 0) > 0.9);
    assert.ok(bots?.outcome?.logistic);
  });

  it('skips a held-out collection when the mix leaves a class out of training', () => {
    const humansAndFakes: TrainingMix = {
      name: 'fakes',
      description: '',
      trainsOn: (_c, label) => label !== 'bot',
    };
    const [heldOutA] = leaveOneCollectionOut(data, ['a', 'b'], features, humansAndFakes, settings);
    assert.equal(heldOutA?.outcome, undefined);
    assert.equal(heldOutA?.skipped, 'no fake or bot rows left to train on');
  });
});
