import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSeededRandom } from '../seeded-random.ts';
import { binMatrix, fitFeatureBins } from './bins.ts';
import { buildHistogram, histogramLayout, subtractHistogram } from './histogram.ts';

const random = createSeededRandom(3);
const nRows = 200;
const nFeatures = 3;
const matrix = Float64Array.from({ length: nRows * nFeatures }, (_, i) =>
  random() < 0.1 ? Number.NaN : i % nFeatures === 0 ? Math.floor(random() * 4) : random(),
);
const bins = fitFeatureBins(matrix, nFeatures, 16);
const layout = histogramLayout(bins);
const binned = {
  codes: binMatrix(bins, matrix),
  nFeatures,
  gradients: Float64Array.from({ length: nRows }, () => random() - 0.5),
  hessians: Float64Array.from({ length: nRows }, () => random()),
};
const allFeatures = Int32Array.from([0, 1, 2]);
const rows = Int32Array.from({ length: nRows }, (_, i) => i);

test('layout: each feature owns its value bins then a missing bin', () => {
  assert.deepEqual([...layout.valueBins], [4, 16, 16]);
  assert.deepEqual([...layout.offsets], [0, 5, 22]);
  assert.equal(layout.length, 39 * 3);
});

test('a histogram sums gradient, hessian and count per bin, missing values in the missing bin', () => {
  const histogram = new Float64Array(layout.length);
  buildHistogram(histogram, layout, allFeatures, binned, rows, 0, nRows);
  let missingRows = 0;
  let gradientOfValue2 = 0;
  for (let row = 0; row < nRows; row++) {
    const value = matrix[row * nFeatures] as number;
    if (Number.isNaN(value)) missingRows++;
    if (value === 2) gradientOfValue2 += binned.gradients[row] as number;
  }
  assert.equal(histogram[4 * 3 + 2], missingRows);
  assert.ok(Math.abs((histogram[2 * 3] as number) - gradientOfValue2) < 1e-12);
  for (const feature of allFeatures) {
    let count = 0;
    for (let bin = 0; bin <= (layout.valueBins[feature] as number); bin++) {
      count += histogram[((layout.offsets[feature] as number) + bin) * 3 + 2] as number;
    }
    assert.equal(count, nRows);
  }
});

test('parent minus one child equals the other child, for the features built', () => {
  const features = Int32Array.from([0, 2]);
  const parent = new Float64Array(layout.length).fill(99);
  const left = new Float64Array(layout.length);
  const right = new Float64Array(layout.length);
  buildHistogram(parent, layout, features, binned, rows, 0, nRows);
  buildHistogram(left, layout, features, binned, rows, 0, 80);
  buildHistogram(right, layout, features, binned, rows, 80, nRows);
  subtractHistogram(parent, left, layout, features);
  for (const feature of features) {
    const first = (layout.offsets[feature] as number) * 3;
    const end = first + ((layout.valueBins[feature] as number) + 1) * 3;
    for (let i = first; i < end; i++)
      assert.ok(Math.abs((parent[i] as number) - (right[i] as number)) < 1e-12);
  }
  assert.equal(parent[(layout.offsets[1] as number) * 3], 99, 'features not built are left alone');
});
