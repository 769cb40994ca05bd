import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSeededRandom } from '../model/seeded-random.ts';
import { type BatchFollower, findBoughtBatches, handleShape } from './follower-batches.ts';

const DAY = 86_400_000;

function organic(random: () => number, n: number): BatchFollower[] {
  return Array.from({ length: n }, () => ({
    // Mostly people, a few fakes followed one at a time, as every audience has.
    pFake: random() < 0.08 ? 0.6 + 0.4 * random() : 0.3 * random(),
    createdAt: new Date(Date.parse('2008-01-01') + random() * 5_000 * DAY),
    handle: `user${Math.floor(random() * 1e6)}`.slice(0, 4 + Math.floor(random() * 8)),
    hasDefaultAvatar: random() < 0.05,
  }));
}

describe('findBoughtBatches', () => {
  it('finds a bought batch (packed creation dates, in order, high p(fake)) with its positions', () => {
    const random = createSeededRandom(3);
    const batch = Array.from({ length: 250 }, (_, k) => ({
      pFake: 0.6 + 0.4 * random(),
      createdAt: new Date(Date.parse('2019-03-01') + k * 2 * 3_600_000),
      handle: `ab${k}`,
      hasDefaultAvatar: true,
    }));
    const followers = [...organic(random, 1_200), ...batch, ...organic(random, 900)];
    const found = findBoughtBatches(followers);
    assert.equal(found.length, 1);
    const [b] = found;
    const overlap = Math.min(b?.to ?? 0, 1_449) - Math.max(b?.from ?? 0, 1_200) + 1;
    assert.ok(overlap >= 0.9 * 250, `found ${b?.from}..${b?.to}`);
    assert.ok((b?.size ?? 0) <= 270);
    assert.equal(b?.createdFrom, '2019-03-01');
  });

  it('finds none in an organic audience', () => {
    assert.deepEqual(findBoughtBatches(organic(createSeededRandom(4), 20_000)), []);
  });

  it('reduces a handle to its template', () => {
    assert.equal(handleShape('John_Smith1984'), 'a_a9');
  });
});
