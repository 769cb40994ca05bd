import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputError } from '../../core/errors.ts';
import { looksLikeHistoryCsv, parseHistoryCsv } from './history-csv.ts';

describe('parseHistoryCsv', () => {
  it('reads good rows, rejects bad ones with file, line and field, and keeps the later of two rows for a date', () => {
    const text =
      'Date,Followers,Following,Posts\n2025-01-01,100,5,1\n\n2025-01-02,abc,5,1\n2025-02-30,5,,\n2025-01-03,"1,200",,\n2025-01-01,110,,\n2025-02-30T10:00:00Z,7,,\n';
    const history = parseHistoryCsv(text, 'h.csv');
    assert.deepEqual(
      history.rows.map((r) => [r.at.toISOString().slice(0, 10), r.followers, r.following, r.line]),
      [
        ['2025-01-01', 110, undefined, 7],
        ['2025-01-03', 1_200, undefined, 6],
      ],
    );
    assert.deepEqual(
      history.rejected.map((e) => [e.file, e.line, e.field]),
      [
        ['h.csv', 4, 'followers'],
        ['h.csv', 5, 'date'],
        ['h.csv', 8, 'date'],
      ],
    );
    assert.equal(history.duplicateDates, 1);
    assert.deepEqual(history.repeats, [{ dropped: 2, kept: 7 }]);
  });

  it('costs a broken quote, an unquoted thousands separator or a missing count its own row, named by its line', () => {
    const text = [
      'date,followers',
      '2025-01-01,100',
      '"2025-01-02,110',
      '2025-01-03,120',
      '2025-01-04,1,300',
      '2025-01-05',
      '2025-01-06,140',
    ].join('\r\n');
    const history = parseHistoryCsv(`\ufeff${text}\r\n`, 'h.csv');
    assert.deepEqual(
      history.rows.map((r) => [r.at.toISOString().slice(0, 10), r.followers, r.line]),
      [
        ['2025-01-01', 100, 2],
        ['2025-01-03', 120, 4],
        ['2025-01-06', 140, 7],
      ],
    );
    assert.deepEqual(
      history.rejected.map((e) => [e.line, e.field, e.reason]),
      [
        [3, '(record)', 'a quote opened in this record is never closed'],
        [
          5,
          '(record)',
          'expected 2 fields as in the header, got 3 (a count with a thousands separator is quoted: "1,200")',
        ],
        [6, 'followers', 'missing'],
      ],
    );
  });

  it('reads a history saved with semicolons or tabs (a spreadsheet in a decimal-comma locale), as with commas', () => {
    for (const delimiter of [';', '\t']) {
      const text =
        ['Date', 'Followers'].join(delimiter) +
        '\n' +
        ['2025-01-01', '100'].join(delimiter) +
        '\n' +
        ['2025-01-02', 'x'].join(delimiter) +
        '\n' +
        ['2025-01-03', '120'].join(delimiter) +
        '\n';
      assert.equal(looksLikeHistoryCsv(text), true, JSON.stringify(delimiter));
      const history = parseHistoryCsv(text, 'h.csv');
      assert.deepEqual(
        history.rows.map((r) => [r.at.toISOString().slice(0, 10), r.followers, r.line]),
        [
          ['2025-01-01', 100, 2],
          ['2025-01-03', 120, 4],
        ],
      );
      assert.deepEqual(
        history.rejected.map((e) => [e.line, e.field]),
        [[3, 'followers']],
      );
    }
  });

  it('refuses a file without date and followers columns, naming line 1', () => {
    assert.throws(
      () => parseHistoryCsv('when,count\n2025-01-01,4\n', 'h.csv'),
      (e: Error) => {
        return e instanceof InputError && e.message.startsWith('h.csv:1:');
      },
    );
    assert.equal(looksLikeHistoryCsv('date,followers\n'), true);
    assert.equal(looksLikeHistoryCsv('{"id": 1}'), false);
  });
});
