import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatCell, formatShare, markdownTable } from './markdown-table.ts';

describe('markdown tables', () => {
  it('pad every column to its widest cell, numbers right-aligned', () => {
    const table = markdownTable(
      ['model', 'MCC:'],
      [
        ['realreach', '0.990'],
        ['rules', '-0.028'],
      ],
    );
    assert.equal(
      table,
      [
        '| model     |    MCC |',
        '| --------- | -----: |',
        '| realreach |  0.990 |',
        '| rules     | -0.028 |',
      ].join('\n'),
    );
  });

  it('write missing numbers as a dash and escape pipes in text', () => {
    assert.equal(formatCell(null), '—');
    assert.equal(formatCell(undefined), '—');
    assert.equal(formatCell(Number.NaN), '—');
    assert.equal(formatCell(0.99977, 4), '0.9998');
    assert.equal(formatCell('a | b'), 'a \\| b');
    assert.equal(formatShare(0.0168), '1.7 %');
    assert.equal(formatShare(undefined), '—');
  });

  it('fill short rows with empty cells', () => {
    assert.equal(markdownTable(['a', 'b'], [['x']]).split('\n')[2], '| x   |     |');
  });
});
