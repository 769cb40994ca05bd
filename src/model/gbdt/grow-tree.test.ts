import assert from 'node:assert/strict';
import { test } from 'node:test';
import { binMatrix, fitFeatureBins } from './bins.ts';
import { createTreeGrower } from './grow-tree.ts';
import { leafIndex } from './tree.ts';

const growth = {
  maxDepth: 4,
  maxLeaves: 8,
  learningRate: 0.5,
  lambda: 1,
  minSamplesLeaf: 1,
  minChildWeight: 0,
};

test('grows the separating split with Newton leaf values -rate x G / (H + lambda)', () => {
  const matrix = Float64Array.from([1, 2, 3, 4, 5, 6]);
  const gradients = Float64Array.from([-0.5, -0.5, -0.5, 0.5, 0.5, 0.5]);
  const hessians = new Float64Array(6).fill(0.25);
  const bins = fitFeatureBins(matrix, 1, 255);
  const grow = createTreeGrower(
    bins,
    { codes: binMatrix(bins, matrix), nFeatures: 1, gradients, hessians },
    growth,
  );
  const tree = grow(Int32Array.from([0, 1, 2, 3, 4, 5]), 6, Int32Array.from([0]));
  assert.deepEqual([...tree.feature], [0, -1, -1]);
  assert.equal(tree.threshold[0], 3.5);
  assert.deepEqual([...tree.cover], [6, 3, 3]);
  assert.equal(tree.value[1], (-0.5 * -1.5) / (0.75 + 1));
  assert.equal(tree.value[2], (-0.5 * 1.5) / (0.75 + 1));
});

test('splits the leaf with the best gain first, within maxLeaves', () => {
  const nRows = 64;
  const matrix = Float64Array.from({ length: nRows }, (_, i) => i);
  const gradients = Float64Array.from({ length: nRows }, (_, i) => (i < 32 ? -1 : i < 48 ? 1 : 0.2));
  const hessians = new Float64Array(nRows).fill(1);
  const bins = fitFeatureBins(matrix, 1, 255);
  const binned = { codes: binMatrix(bins, matrix), nFeatures: 1, gradients, hessians };
  const grow = createTreeGrower(bins, binned, { ...growth, maxLeaves: 3 });
  const tree = grow(
    Int32Array.from({ length: nRows }, (_, i) => i),
    nRows,
    Int32Array.from([0]),
  );
  const leafOf = (value: number) => leafIndex(tree, Float64Array.from([value]), 0);
  assert.equal(tree.feature.filter((feature) => feature < 0).length, 3);
  assert.notEqual(leafOf(40), leafOf(56), 'the second split separates gradients 1 and 0.2');
  assert.equal(leafOf(0), leafOf(31));
});
