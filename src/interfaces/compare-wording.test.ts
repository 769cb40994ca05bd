// A comparison's figures as people read them: a shifted audit's range first, its reading marked (issue 9).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareProfiles } from '../growth/compare-profiles.ts';
import {
  formatEventCounts,
  formatMoneyInterval,
  formatShareInterval,
  formatWholeInterval,
} from './compare-wording.ts';
import { exampleReport } from './report/fixtures/example-report.ts';

describe('compare wording', () => {
  it('reads the point first, or the range first with the reading marked when it may be off', () => {
    const real = { estimate: 1755, low: 815, high: 2474 };
    assert.equal(formatWholeInterval(real), '1,755 (815–2,474)');
    assert.equal(formatWholeInterval(real, true), '815–2,474 (reads 1,755: may be off)');
    const share = { estimate: 0.298, low: 0.011, high: 0.674 };
    assert.equal(formatShareInterval(share, true), '1.1–67.4 % (reads 29.8 %: may be off)');
    const money = { estimate: 5.5, low: 4, high: 12.25 };
    assert.equal(formatMoneyInterval(money, true), '4.00–12.25 (reads 5.50: may be off)');
    assert.equal(formatWholeInterval(null, true), '—');
  });

  it('counts history events in agreement, regime changes included, in the terminal and on the page alike', () => {
    assert.equal(
      formatEventCounts({ spikes: 1, drops: 3, regimeChanges: 1, purchaseLike: 0 }),
      '1 spike (0 purchase-like), 3 drops, 1 regime change',
    );
    assert.equal(
      formatEventCounts({ spikes: 0, drops: 1, regimeChanges: 2, purchaseLike: 0 }),
      '0 spikes (0 purchase-like), 1 drop, 2 regime changes',
    );
  });

  it('marks a candidate whose audit fired the shift test', () => {
    const shifted = {
      ...exampleReport,
      domainShift: { ...exampleReport.domainShift, large: true },
    };
    const rows = compareProfiles([
      { name: '@sure', report: exampleReport },
      { name: '@shifted', report: shifted },
    ]);
    assert.deepEqual(
      rows.map((row) => [row.name, row.pointMayBeOff]),
      [
        ['@sure', false],
        ['@shifted', true],
      ],
    );
  });
});
