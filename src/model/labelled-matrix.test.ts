import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkLabelledMatrix, selectRows } from './labelled-matrix.ts';

const data = {
  matrix: Float64Array.from([0, 1, 10, 11, 20, 21]),
  labels: Uint8Array.from([0, 1, 1]),
  nFeatures: 2,
  weights: Float64Array.from([1, 2, 3]),
};

test('selectRows copies the chosen rows with their labels and weights, in the given order', () => {
  assert.deepEqual(selectRows(data, [2, 0]), {
    matrix: Float64Array.from([20, 21, 0, 1]),
    labels: Uint8Array.from([1, 0]),
    nFeatures: 2,
    weights: Float64Array.from([3, 1]),
  });
  const { weights: _, ...unweighted } = data;
  assert.equal('weights' in selectRows(unweighted, [1]), false);
});

test('checkLabelledMatrix names the first problem', () => {
  checkLabelledMatrix(data, 'rows');
  assert.throws(() => checkLabelledMatrix({ ...data, nFeatures: 4 }, 'rows'), /rows: matrix has 6 values/);
  assert.throws(() => checkLabelledMatrix({ ...data, nFeatures: 0 }, 'rows'), /nFeatures/);
  assert.throws(
    () => checkLabelledMatrix({ ...data, weights: Float64Array.from([1, Number.NaN, 1]) }, 'rows'),
    /weights\[1\]/,
  );
  assert.throws(
    () => checkLabelledMatrix({ ...data, weights: new Float64Array(2) }, 'rows'),
    /2 weights for 3 rows/,
  );
  const withNaN = { ...data, matrix: Float64Array.from([0, Number.NaN, 1, 2, 3, 4]) };
  checkLabelledMatrix(withNaN, 'rows');
});
