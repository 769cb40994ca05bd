import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BASE_WEIGHTS, qualityScore } from './quality-score.ts';

test('score = 100 × Σ weight × value with the base weights; the other parts count for the real share only', () => {
  const result = qualityScore({ authenticity: 0.8, reachability: 0.9, activity: 0.5, engagement: 1 });
  assert.deepEqual(
    result.parts.map((part) => [part.name, part.weight, part.value, part.points]),
    [
      ['authenticity', 0.4, 0.8, 32],
      ['reachability', 0.2, 0.72, 14.4],
      ['activity', 0.2, 0.4, 8],
      ['engagement', 0.2, 0.8, 16],
    ],
  );
  assert.equal(result.score, 70.4);
  assert.equal(
    Object.values(BASE_WEIGHTS).reduce((sum, weight) => sum + weight, 0),
    1,
  );
  for (const part of result.parts) assert.ok(part.formula.length > 20);
});

test('a part without data is left out and the others are rescaled to add to 1', () => {
  const result = qualityScore({ authenticity: 0.7, reachability: 0.6, activity: 0.9 });
  assert.deepEqual(
    result.parts.map((part) => [part.name, part.weight]),
    [
      ['authenticity', 0.5],
      ['reachability', 0.25],
      ['activity', 0.25],
    ],
  );
  assert.equal(result.score, 61.3); // 35 + 25 × 0.6 × 0.7 + 25 × 0.9 × 0.7 = 61.25, to one decimal
  assert.equal(qualityScore({ authenticity: 1 }).score, 100);
  assert.equal(qualityScore({ authenticity: 1.4 }).parts[0]?.value, 1);
});

test('an all-fake audience scores at most 20 however reachable and active, an all-real active one at least 80', () => {
  for (const fakeShare of [0.8, 0.9, 1])
    assert.ok(
      qualityScore({ authenticity: 1 - fakeShare, reachability: 1, activity: 1, engagement: 1 }).score <= 20,
    );
  assert.ok(qualityScore({ authenticity: 0.95, reachability: 0.85, activity: 0.8 }).score >= 80);
});
