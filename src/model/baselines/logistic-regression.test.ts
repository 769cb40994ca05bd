import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { predictLogistic, trainLogistic } from './logistic-regression.ts';

describe('trainLogistic', () => {
  it('recovers the direction of a linear rule and uses missingness', () => {
    const n = 400;
    const matrix = new Float64Array(n * 2);
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const x = (i % 40) - 20;
      labels[i] = x > 0 ? 1 : 0;
      matrix[i * 2] = x;
      // the second feature is missing exactly for positives, so missingness alone predicts the label
      matrix[i * 2 + 1] = labels[i] ? Number.NaN : 5;
    }
    const model = trainLogistic(matrix, labels, 2, { lambda: 0.1 });
    assert.ok((model.weights[0] as number) > 0, 'positive weight on the informative feature');
    assert.ok((model.weights[3] as number) > 0, 'positive weight on the missing indicator');
    const probs = predictLogistic(model, matrix);
    let correct = 0;
    for (let i = 0; i < n; i++) if ((probs[i] as number) > 0.5 === (labels[i] === 1)) correct++;
    assert.equal(correct, n);
  });

  it('stays finite on constant and extreme columns', () => {
    const matrix = Float64Array.from([1, 1e300, 1, -1e300, 1, 0, 1, 5]);
    const labels = Uint8Array.from([1, 0, 1, 0]);
    const probs = predictLogistic(trainLogistic(matrix, labels, 2), matrix);
    assert.ok(probs.every(Number.isFinite));
  });
});
