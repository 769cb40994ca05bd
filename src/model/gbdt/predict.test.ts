import assert from 'node:assert/strict';
import { test } from 'node:test';
import { randomMatrix, randomModel } from '../_test-data.ts';
import { sigmoid } from '../logistic.ts';
import { predictMargin, predictMargins, predictProbabilities, predictProbability } from './predict.ts';
import { leafIndex } from './tree.ts';

const nFeatures = 7;
const model = randomModel(nFeatures, 40, 6, 11);

/** The margin by the plain walk of each tree, node by node. */
function referenceMargin(matrix: Float64Array, offset: number): number {
  let margin = model.baseScore;
  for (const tree of model.trees) margin += tree.value[leafIndex(tree, matrix, offset)] as number;
  return margin;
}

test('margins of a matrix (any row count) equal the plain tree walk, missing values included', () => {
  for (const nRows of [0, 1, 3, 4, 5, 103]) {
    const matrix = randomMatrix(nRows, nFeatures, nRows, 0.3);
    const margins = predictMargins(model, matrix, new Float64Array(nRows));
    for (let row = 0; row < nRows; row++) {
      assert.equal(margins[row], referenceMargin(matrix, row * nFeatures));
    }
  }
});

test('one row, by view or by offset, gives the same margin as the matrix', () => {
  const matrix = randomMatrix(10, nFeatures, 2, 0.3);
  const margins = predictMargins(model, matrix, new Float64Array(10));
  for (let row = 0; row < 10; row++) {
    assert.equal(predictMargin(model, matrix, row * nFeatures), margins[row]);
    assert.equal(predictMargin(model, matrix.slice(row * nFeatures, (row + 1) * nFeatures)), margins[row]);
  }
});

test('values at a threshold go left; infinities go to the side they compare to', () => {
  const tree = model.trees[0];
  assert.ok(tree !== undefined && (tree.feature[0] as number) >= 0);
  const single = { ...model, trees: [tree] };
  const row = new Float64Array(nFeatures);
  const feature = tree.feature[0] as number;
  for (const value of [
    tree.threshold[0] as number,
    Number.NEGATIVE_INFINITY,
    Number.POSITIVE_INFINITY,
    Number.NaN,
  ]) {
    row.fill(0);
    row[feature] = value;
    assert.equal(
      predictMargin(single, row),
      single.baseScore + (tree.value[leafIndex(tree, row, 0)] as number),
    );
  }
});

test('probabilities are the sigmoid of margins', () => {
  const matrix = randomMatrix(9, nFeatures, 3);
  const margins = predictMargins(model, matrix, new Float64Array(9));
  const probabilities = predictProbabilities(model, matrix, new Float64Array(9));
  margins.forEach((margin, row) => {
    assert.equal(probabilities[row], sigmoid(margin));
    assert.equal(predictProbability(model, matrix, row * nFeatures), sigmoid(margin));
  });
});

test('a matrix that does not match the output length is rejected', () => {
  assert.throws(
    () => predictMargins(model, new Float64Array(13), new Float64Array(2)),
    /13 values for 2 rows/,
  );
});
