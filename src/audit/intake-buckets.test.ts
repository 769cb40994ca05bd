import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IntakeBuckets } from './intake-buckets.ts';

test('splits a list of any length into newer and older halves, merging buckets as it grows', () => {
  for (const length of [10, 64, 1000, 100_001]) {
    const buckets = new IntakeBuckets();
    for (let position = 0; position < length; position++)
      buckets.add(position, position < length / 2 ? 0.9 : 0.1);
    const { newer, older, newerCount, olderCount } = buckets.halves();
    assert.equal(newerCount + olderCount, length);
    assert.ok(Math.abs(newerCount - length / 2) <= length / 64 + 1, `${newerCount} of ${length}`);
    const mean = (scores: typeof newer) =>
      scores.scores.reduce((sum, score, i) => sum + score * (scores.weights[i] as number), 0) /
      scores.weights.reduce((sum, weight) => sum + weight, 0);
    assert.ok(mean(newer) > 0.8 && mean(older) < 0.2, `${mean(newer)} ${mean(older)} at ${length}`);
  }
});
