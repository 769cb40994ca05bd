import assert from 'node:assert/strict';
import { test } from 'node:test';
import { binMatrix, binOf, fitFeatureBins, splitThreshold, valueBinCount } from './bins.ts';

test('few distinct values: one bin per value, cuts at midpoints, NaN in the missing bin', () => {
  const matrix = Float64Array.from([3, 1, Number.NaN, 1, 2, 3]);
  const bins = fitFeatureBins(matrix, 1, 255);
  assert.deepEqual([...(bins.edges[0] as Float64Array)], [1.5, 2.5]);
  assert.equal(valueBinCount(bins, 0), 3);
  assert.deepEqual([...binMatrix(bins, matrix)], [2, 0, 3, 0, 1, 2]);
  assert.equal(splitThreshold(bins, 0, 0), 1.5);
  assert.equal(splitThreshold(bins, 0, 2), Number.MAX_VALUE);
});

test('many distinct values: at most maxBins bins of roughly equal counts', () => {
  const n = 10_000;
  const matrix = Float64Array.from({ length: n }, (_, i) => (i * 7919) % n);
  const bins = fitFeatureBins(matrix, 1, 20);
  assert.equal(valueBinCount(bins, 0), 20);
  const counts = new Array<number>(20).fill(0);
  for (const code of binMatrix(bins, matrix)) counts[code] = (counts[code] ?? 0) + 1;
  for (const count of counts) assert.equal(count, 500);
});

test('a heavy run of one value stays in one bin', () => {
  const values = [...new Array<number>(900).fill(0), ...Array.from({ length: 100 }, (_, i) => i + 1)];
  const bins = fitFeatureBins(Float64Array.from(values), 1, 10);
  const edges = bins.edges[0] as Float64Array;
  assert.equal(binOf(edges, 0), 0);
  assert.ok(binOf(edges, 1) > 0, 'values above the run get their own bins');
  for (let i = 1; i < edges.length; i++) assert.ok((edges[i] as number) > (edges[i - 1] as number));
});

test('features are binned independently; an all-missing feature has a single value bin', () => {
  const matrix = Float64Array.from([0, Number.NaN, 5, Number.NaN]);
  const bins = fitFeatureBins(matrix, 2, 255);
  assert.equal(valueBinCount(bins, 1), 1);
  assert.deepEqual([...binMatrix(bins, matrix)], [0, 1, 1, 1]);
});

test('cuts between adjacent doubles stay below the upper value', () => {
  const low = 1;
  const high = 1 + Number.EPSILON;
  const bins = fitFeatureBins(Float64Array.from([low, high]), 1, 255);
  const edges = bins.edges[0] as Float64Array;
  assert.equal(binOf(edges, low), 0);
  assert.equal(binOf(edges, high), 1);
});
