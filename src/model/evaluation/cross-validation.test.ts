import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { syntheticRows } from '../_test-data.ts';
import { trainCalibratedGbdt } from './calibrated-gbdt.ts';
import { crossValidate } from './cross-validation.ts';

const data = syntheticRows(400, 6, 3);
const params = { nEstimators: 40, learningRate: 0.2 };

describe('cross-validation of the calibrated GBDT and the logistic baseline', () => {
  it('scores every row out of fold, the same way for the same seed', () => {
    const first = crossValidate(data, { folds: 4, seed: 5, params });
    const second = crossValidate(data, { folds: 4, seed: 5, params });
    assert.deepEqual(first, second);
    assert.equal(first.gbdt.rows, 400);
    assert.ok((first.gbdt.rocAuc ?? 0) > 0.8, `GBDT ROC AUC ${first.gbdt.rocAuc}`);
    assert.ok((first.logistic.rocAuc ?? 0) > 0.6, `logistic ROC AUC ${first.logistic.rocAuc}`);
    assert.equal(
      Object.values(first.calibrations).reduce((sum, folds) => sum + folds, 0),
      4,
    );
  });

  it('calibrates on held-out training rows: probabilities stay in [0, 1] on unseen rows', () => {
    const model = trainCalibratedGbdt(data, params, 1);
    const unseen = syntheticRows(50, 6, 99);
    for (const p of model.probabilities(unseen.matrix)) assert.ok(p >= 0 && p <= 1);
    assert.ok(model.trees >= 1 && model.trees <= 40);
  });
});
