import assert from 'node:assert/strict';
import { test } from 'node:test';
import { histogramOf, syntheticReliability, syntheticScores } from './_test-scores.ts';
import { weightedScores } from './score-histogram.ts';
import { scoreMisfit } from './score-misfit.ts';

const reliability = syntheticReliability(20_000, 8);

test('an audience that is a mix of the training classes has no misfit beyond chance', () => {
  for (const share of [0.05, 0.3, 0.6]) {
    const { p } = syntheticScores(3000, share, 30);
    const misfit = scoreMisfit(weightedScores(histogramOf(p)), reliability, share);
    assert.ok(misfit.misfit < 0.01, `${share}: ${JSON.stringify(misfit)}`);
    assert.ok(misfit.distance < 3 * misfit.expected + 0.01);
  }
});

test('scores piled where no training class puts them are misfit, by the share that would have to move', () => {
  const { p } = syntheticScores(2000, 0.3, 31);
  const shifted = Float64Array.from(p, (score, i) => (i % 4 === 0 ? 0.55 : score));
  const misfit = scoreMisfit(weightedScores(histogramOf(shifted)), reliability, 0.3);
  assert.ok(misfit.misfit > 0.15 && misfit.distance <= 0.26, JSON.stringify(misfit));
  assert.deepEqual(scoreMisfit(weightedScores(histogramOf([])), reliability, 0.3), {
    distance: 0,
    expected: 0,
    misfit: 0,
  });
});
