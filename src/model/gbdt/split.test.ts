import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HistogramLayout } from './histogram.ts';
import { findBestSplit } from './split.ts';

/** One feature, three value bins and a missing bin: [gradient, hessian, count] per slot. */
const layout: HistogramLayout = {
  offsets: Int32Array.from([0]),
  valueBins: Int32Array.from([3]),
  length: 12,
};
const features = Int32Array.from([0]);
const constraints = { lambda: 1, minSamplesLeaf: 1, minChildWeight: 0 };

function histogramOf(slots: [number, number, number][]): Float64Array {
  return Float64Array.from(slots.flat());
}

function totalsOf(histogram: Float64Array) {
  const totals = { gradient: 0, hessian: 0, count: 0 };
  for (let slot = 0; slot < 4; slot++) {
    totals.gradient += histogram[slot * 3] as number;
    totals.hessian += histogram[slot * 3 + 1] as number;
    totals.count += histogram[slot * 3 + 2] as number;
  }
  return totals;
}

test('finds the threshold and sends missing rows to the side they resemble', () => {
  const histogram = histogramOf([
    [-4, 2, 8],
    [-4, 2, 8],
    [4, 2, 8],
    [-2, 1, 4],
  ]);
  const split = findBestSplit(histogram, layout, features, totalsOf(histogram), constraints);
  const gain = 10 ** 2 / (5 + 1) + 4 ** 2 / (2 + 1) - 6 ** 2 / (7 + 1);
  assert.deepEqual(split, {
    feature: 0,
    bin: 1,
    missingLeft: true,
    gain,
    leftGradient: -10,
    leftHessian: 5,
    leftCount: 20,
    leftWeight: 10 / (5 + 1),
    rightWeight: -4 / (2 + 1),
  });
});

test('missing rows alone can be the split: values left, missing right', () => {
  const histogram = histogramOf([
    [-2, 2, 8],
    [-2, 2, 8],
    [-2, 2, 8],
    [6, 1.5, 6],
  ]);
  const split = findBestSplit(histogram, layout, features, totalsOf(histogram), constraints);
  assert.equal(split?.bin, 2);
  assert.equal(split?.missingLeft, false);
});

test('with no missing rows, missing values later follow the larger child', () => {
  const histogram = histogramOf([
    [-4, 2, 3],
    [4, 2, 10],
    [4, 2, 10],
    [0, 0, 0],
  ]);
  const split = findBestSplit(histogram, layout, features, totalsOf(histogram), constraints);
  assert.equal(split?.bin, 0);
  assert.equal(split?.missingLeft, false);
});

test('constraints on rows and hessian per child rule splits out; no gain, no split', () => {
  const histogram = histogramOf([
    [-4, 2, 8],
    [-4, 2, 8],
    [4, 2, 8],
    [-2, 1, 4],
  ]);
  const totals = totalsOf(histogram);
  assert.equal(
    findBestSplit(histogram, layout, features, totals, { ...constraints, minSamplesLeaf: 15 }),
    undefined,
  );
  assert.equal(
    findBestSplit(histogram, layout, features, totals, { ...constraints, minChildWeight: 2 })?.bin,
    1,
  );
  assert.equal(
    findBestSplit(histogram, layout, features, totals, { ...constraints, minChildWeight: 3.5 }),
    undefined,
  );
  const flat = histogramOf([
    [1, 2, 8],
    [1, 2, 8],
    [1, 2, 8],
    [0, 0, 0],
  ]);
  assert.equal(
    findBestSplit(flat, layout, features, totalsOf(flat), { ...constraints, lambda: 0 }),
    undefined,
  );
});
