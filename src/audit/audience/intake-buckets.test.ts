import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addIntake, createIntakeState, intakeHalves, mergeIntake } from './intake-buckets.ts';

test('splits a list of any length into newer and older halves, merging buckets as it grows', () => {
  for (const length of [10, 64, 1000, 100_001]) {
    const buckets = createIntakeState();
    for (let position = 0; position < length; position++)
      addIntake(buckets, position, position < length / 2 ? 0.9 : 0.1);
    const { newer, older, newerCount, olderCount } = intakeHalves(buckets);
    assert.equal(newerCount + olderCount, length);
    assert.ok(Math.abs(newerCount - length / 2) <= length / 64 + 1, `${newerCount} of ${length}`);
    const mean = (scores: typeof newer) =>
      scores.scores.reduce((sum, score, i) => sum + score * (scores.weights[i] as number), 0) /
      scores.weights.reduce((sum, weight) => sum + weight, 0);
    assert.ok(mean(newer) > 0.8 && mean(older) < 0.2, `${mean(newer)} ${mean(older)} at ${length}`);
  }
});

test('two parts of a list merged equal the list added in one pass', () => {
  const p = (position: number) => ((position * 7919) % 1000) / 1000 + 0.0003;
  const whole = createIntakeState();
  const first = createIntakeState();
  const second = createIntakeState();
  for (let position = 0; position < 5000; position++) {
    addIntake(whole, position, p(position));
    addIntake(position < 700 ? first : second, position, p(position));
  }
  assert.deepEqual(mergeIntake(first, second), whole);
  assert.deepEqual(mergeIntake(second, first), whole);
});
