import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BASE_WEIGHTS, qualityScore } from './quality-score.ts';

test('score = 100 × Σ weight × value with the base weights when every part is known', () => {
  const result = qualityScore({ authenticity: 0.8, reachability: 0.9, activity: 0.5, engagement: 1 });
  assert.deepEqual(
    result.parts.map((part) => [part.name, part.weight, part.value, part.points]),
    [
      ['authenticity', 0.4, 0.8, 32],
      ['reachability', 0.2, 0.9, 18],
      ['activity', 0.2, 0.5, 10],
      ['engagement', 0.2, 1, 20],
    ],
  );
  assert.equal(result.score, 80);
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
  assert.equal(result.score, 72.5);
  assert.equal(qualityScore({ authenticity: 1 }).score, 100);
  assert.equal(qualityScore({ authenticity: 1.4 }).parts[0]?.value, 1);
});
