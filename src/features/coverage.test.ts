// Tests for featureCoverage: the share of known values per column of a row-major matrix.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { featureCoverage } from './coverage.ts';

describe('featureCoverage', () => {
  it('gives the share of non-NaN values in each column', () => {
    const x = Number.NaN;
    const matrix = Float64Array.from([1, x, 0, 2, x, x, 3, 4, x, 5, 6, x]);
    assert.deepEqual([...featureCoverage(matrix, 3)], [1, 0.5, 0.25]);
  });

  it('is NaN for a matrix with no rows', () => {
    assert.ok(featureCoverage(new Float64Array(0), 2).every(Number.isNaN));
  });

  it('refuses a width the matrix is not made of', () => {
    assert.throws(() => featureCoverage(new Float64Array(5), 2), RangeError);
    assert.throws(() => featureCoverage(new Float64Array(4), 0), RangeError);
  });
});
