import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { summariseEvaluation } from './evaluation-metrics.ts';

describe('evaluation metrics', () => {
  it('balanced accuracy averages the recall of each class present', () => {
    // positives: 2 of 3 flagged; negatives: 1 of 2 kept
    const metrics = summariseEvaluation([0.9, 0.6, 0.2, 0.7, 0.1], [1, 1, 1, 0, 0]);
    assert.equal(metrics.balancedAccuracy, Math.round(((2 / 3 + 1 / 2) / 2) * 1e6) / 1e6);
    assert.equal(metrics.flaggedShare, 0.6);
    assert.equal(metrics.meanProbability, 0.5);
  });

  it('on one class, balanced accuracy is that class accuracy and ranking metrics are null', () => {
    const bots = summariseEvaluation([0.9, 0.4, 0.6, 0.1], [1, 1, 1, 1]);
    assert.equal(bots.balancedAccuracy, 0.5);
    assert.equal(bots.flaggedShare, 0.5);
    assert.equal(bots.rocAuc, null);
    const humans = summariseEvaluation([0.9, 0.4, 0.3, 0.1], [0, 0, 0, 0]);
    assert.equal(humans.balancedAccuracy, 0.75);
  });
});
