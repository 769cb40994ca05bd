// featureBin against its definition: the first bin whose cut is at or above the value (or the one after the last), the last bin for unknown.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { binsOf, featureBin } from './feature-parts.ts';

/** The first cut at or above `value`, read one cut at a time. */
function firstCutAtOrAbove(cuts: readonly number[], value: number): number {
  const at = cuts.findIndex((cut) => value <= cut);
  return at < 0 ? cuts.length : at;
}

describe('featureBin', () => {
  it('puts a value in the first bin whose cut is at or above it, on any ascending cuts', () => {
    const value = fc.double({ noNaN: true, min: -1e6, max: 1e6 });
    fc.assert(
      fc.property(
        fc.uniqueArray(value, { maxLength: 9 }),
        fc.array(value, { maxLength: 20 }),
        (raw, values) => {
          const cuts = [...raw].sort((a, b) => a - b);
          // the values themselves (ties), between them and beyond both ends
          for (const v of [...values, ...cuts, -Infinity, Infinity])
            assert.equal(featureBin(cuts, v), firstCutAtOrAbove(cuts, v), `${v} in ${cuts}`);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('puts an unknown value in the last bin', () => {
    assert.equal(featureBin([1, 2, 3], Number.NaN), binsOf([1, 2, 3]) - 1);
    assert.equal(featureBin([], Number.NaN), 1);
    assert.equal(featureBin([], 5), 0);
  });
});
