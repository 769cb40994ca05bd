import assert from 'node:assert/strict';
import { test } from 'node:test';
import { randomMatrix, randomModel } from '../_test-data.ts';
import { BUNDLED_KIND_MODEL_NAMES, BUNDLED_MODEL_NAMES, readModelFile } from '../model-file.ts';
import { buildHeapWalk, MAX_HEAP_DEPTH } from './heap-walk.ts';
import type { GbdtModel } from './model.ts';
import { predictMargin, predictMargins } from './predict.ts';
import { gbdtModelFromJson } from './serialize.ts';
import { leafIndex, treeDepth } from './tree.ts';

const nFeatures = 6;

function referenceMargin(model: GbdtModel, matrix: Float64Array, offset: number): number {
  let margin = model.baseScore;
  for (const tree of model.trees) margin += tree.value[leafIndex(tree, matrix, offset)] as number;
  return margin;
}

/** Rows that sit on every threshold of the model, just below and above it, and at ±0, ±Infinity and NaN. */
function edgeRows(model: GbdtModel): Float64Array {
  const { nFeatures } = model;
  const values = [0, -0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN];
  for (const tree of model.trees) {
    for (let node = 0; node < tree.feature.length; node++) {
      if ((tree.feature[node] as number) < 0) continue;
      const threshold = tree.threshold[node] as number;
      values.push(threshold, threshold - 1e-12, threshold + 1e-12);
    }
  }
  const rows = new Float64Array(values.length * nFeatures);
  // Each row takes value i in feature 0, value i + 1 in feature 1, … so every value meets every feature.
  for (let row = 0; row < values.length; row++) {
    for (let feature = 0; feature < nFeatures; feature++) {
      rows[row * nFeatures + feature] = values[(row + feature * 7) % values.length] as number;
    }
  }
  return rows;
}

test('shallow trees are laid out as complete heaps and score exactly as the plain walk, at every threshold', () => {
  const model = randomModel(nFeatures, 30, 6, 5);
  assert.ok(buildHeapWalk(model) !== undefined);
  for (const matrix of [randomMatrix(101, nFeatures, 9, 0.3), edgeRows(model)]) {
    const nRows = matrix.length / nFeatures;
    const margins = predictMargins(model, matrix, new Float64Array(nRows));
    for (let row = 0; row < nRows; row++) {
      assert.equal(margins[row], referenceMargin(model, matrix, row * nFeatures));
      assert.equal(predictMargin(model, matrix, row * nFeatures), margins[row]);
    }
  }
});

test('trees deeper than the heaps allow keep the pointer walk, with the same margins', () => {
  const model = randomModel(nFeatures, 20, 14, 8);
  assert.ok(model.trees.some((tree) => treeDepth(tree) > MAX_HEAP_DEPTH));
  assert.equal(buildHeapWalk(model), undefined);
  const matrix = edgeRows(model);
  const nRows = matrix.length / nFeatures;
  const margins = predictMargins(model, matrix, new Float64Array(nRows));
  for (let row = 0; row < nRows; row++) {
    assert.equal(margins[row], referenceMargin(model, matrix, row * nFeatures));
  }
});

test('a lone-leaf tree adds its value', () => {
  const model = randomModel(nFeatures, 3, 4, 2);
  const lone = {
    feature: Int32Array.of(-1),
    threshold: Float64Array.of(0),
    missingLeft: Uint8Array.of(0),
    left: Int32Array.of(-1),
    right: Int32Array.of(-1),
    value: Float64Array.of(0.25),
    cover: Float64Array.of(1),
  };
  const withLone = { ...model, trees: [...model.trees, lone] };
  const matrix = randomMatrix(9, nFeatures, 4);
  const margins = predictMargins(withLone, matrix, new Float64Array(9));
  for (let row = 0; row < 9; row++) {
    assert.equal(margins[row], referenceMargin(withLone, matrix, row * nFeatures));
  }
});

test('every bundled model with trees scores through heaps exactly as the plain walk, at every threshold', async () => {
  for (const name of [...BUNDLED_MODEL_NAMES, ...BUNDLED_KIND_MODEL_NAMES]) {
    const file = await readModelFile(name);
    if (file.gbdt === undefined) continue; // a union: its members are in the list
    const model = gbdtModelFromJson(file.gbdt);
    assert.ok(buildHeapWalk(model) !== undefined, name);
    const matrix = edgeRows(model);
    const nRows = matrix.length / model.nFeatures;
    const margins = predictMargins(model, matrix, new Float64Array(nRows));
    for (let row = 0; row < nRows; row++) {
      assert.equal(margins[row], referenceMargin(model, matrix, row * model.nFeatures), `${name} row ${row}`);
      assert.equal(predictMargin(model, matrix, row * model.nFeatures), margins[row], `${name} row ${row}`);
    }
  }
});

test('matrices longer than one chunk of the walk, or empty, score row for row as the plain walk', () => {
  const model = randomModel(nFeatures, 12, 5, 3);
  for (const nRows of [0, 2048, 4101]) {
    const matrix = randomMatrix(nRows, nFeatures, 17, 0.2);
    const margins = predictMargins(model, matrix, new Float64Array(nRows));
    for (let row = 0; row < nRows; row++) {
      assert.equal(margins[row], referenceMargin(model, matrix, row * nFeatures));
    }
  }
});
