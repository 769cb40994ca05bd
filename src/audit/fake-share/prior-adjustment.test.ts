import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { histogramOf, SCORE_MODEL, syntheticScores } from '../_test-scores.ts';
import {
  adjustPosterior,
  estimatePrior,
  maximumLikelihoodPrior,
  priorLikelihoodInterval,
} from './prior-adjustment.ts';
import { weightedScores } from './score-histogram.ts';

test('adjustPosterior leaves p alone at the training prior, keeps certainty, and moves p with the prior', () => {
  assert.ok(Math.abs(adjustPosterior(0.3, 0.5, 0.5) - 0.3) < 1e-12);
  assert.equal(adjustPosterior(0, 0.5, 0.1), 0);
  assert.equal(adjustPosterior(1, 0.5, 0.1), 1);
  // odds × (0.1 / 0.9) / (0.5 / 0.5): 1 → 1/9
  assert.ok(Math.abs(adjustPosterior(0.5, 0.5, 0.1) - 0.1) < 1e-12);
  assert.ok(adjustPosterior(0.5, 0.5, 0.9) > 0.5);
});

test('estimatePrior finds the fixed point of Saerens et al.’s EM iteration', () => {
  const { p } = syntheticScores(5000, 0.15, 21);
  const scores = weightedScores(histogramOf(p));
  let prior = 0.5;
  for (let iteration = 0; iteration < 5000; iteration++) {
    let sum = 0;
    let n = 0;
    scores.scores.forEach((score, i) => {
      sum += (scores.weights[i] as number) * adjustPosterior(score, SCORE_MODEL.trainingPrior, prior);
      n += scores.weights[i] as number;
    });
    prior = sum / n;
  }
  const estimate = estimatePrior(scores, SCORE_MODEL.trainingPrior);
  assert.ok(Math.abs(estimate.prior - prior) < 1e-9, `${estimate.prior} vs EM ${prior}`);
  assert.ok(estimate.overlap > 0 && estimate.overlap < 1);
});

test('estimatePrior returns 0 or 1 when the likelihood is highest there', () => {
  assert.equal(estimatePrior(weightedScores(histogramOf([0.001, 0.002, 0.01])), 0.5).prior, 0);
  assert.equal(estimatePrior(weightedScores(histogramOf([0.999, 0.998, 0.99])), 0.5).prior, 1);
  assert.equal(estimatePrior(weightedScores(histogramOf([])), 0.5).prior, 0);
});

test("maximumLikelihoodPrior is estimatePrior's share, to the bit", () => {
  for (const [share, seed] of [
    [0.02, 1],
    [0.15, 2],
    [0.6, 3],
  ] as const) {
    const scores = weightedScores(histogramOf(syntheticScores(3000, share, seed).p));
    assert.equal(
      maximumLikelihoodPrior(scores, SCORE_MODEL.trainingPrior),
      estimatePrior(scores, SCORE_MODEL.trainingPrior).prior,
    );
  }
  for (const p of [[0.001, 0.002], [0.999, 0.998], []])
    assert.equal(
      maximumLikelihoodPrior(weightedScores(histogramOf(p)), 0.5),
      estimatePrior(weightedScores(histogramOf(p)), 0.5).prior,
    );
});

describe('priorLikelihoodInterval', () => {
  it('does not collapse when the maximum lies at 0, and holds the maximum inside', () => {
    const humans = weightedScores(
      histogramOf(Float64Array.from({ length: 500 }, (_, i) => 0.01 + (i % 5) * 0.01)),
    );
    const at = estimatePrior(humans, 0.5).prior;
    assert.equal(at, 0);
    const interval = priorLikelihoodInterval(humans, 0.5, at);
    assert.equal(interval.low, 0);
    assert.ok(interval.high > 0 && interval.high < 0.05, JSON.stringify(interval));
    const { p } = syntheticScores(2000, 0.3, 9);
    const mixed = weightedScores(histogramOf(p));
    const estimate = estimatePrior(mixed, SCORE_MODEL.trainingPrior).prior;
    const around = priorLikelihoodInterval(mixed, SCORE_MODEL.trainingPrior, estimate);
    assert.ok(around.low < estimate && estimate < around.high, JSON.stringify(around));
  });
});
