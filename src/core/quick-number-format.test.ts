import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatPercentOneDecimal, formatWhole } from './quick-number-format.ts';

const whole = new Intl.NumberFormat('en-US');
const percent = new Intl.NumberFormat('en-US', {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

describe('numbers written without Intl', () => {
  it('writes whole numbers as Intl does', () => {
    for (const value of [0, 7, 999, 1000, 1234567, -1234, Number.MAX_SAFE_INTEGER, 1e21, 2.5])
      assert.equal(formatWhole(value), whole.format(value), String(value));
    fc.assert(
      fc.property(
        fc.integer({ min: -1e15, max: 1e15 }),
        (value) => formatWhole(value) === whole.format(value),
      ),
      {
        numRuns: 20_000,
      },
    );
  });

  it('writes shares as one-decimal percents as Intl does, ties and binary near-ties included', () => {
    const ties = Array.from({ length: 2001 }, (_, k) => k / 2000);
    const nearTies = [
      0.1445, 0.00045, 0.00055, 0.9995, 0.99949999, 0.14449999999999999, 1e-7, 5e-4, 123.45675,
    ];
    for (const share of [...ties, ...nearTies, 0, -0, 1, 12, 1234.5678])
      assert.equal(formatPercentOneDecimal(share), percent.format(share), String(share));
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 20, noNaN: true }),
        (share) => formatPercentOneDecimal(share) === percent.format(share),
      ),
      { numRuns: 50_000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), (n) => {
        const share = n / 100_000;
        return formatPercentOneDecimal(share) === percent.format(share);
      }),
      { numRuns: 20_000 },
    );
  });
});
