import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readReviewLabels } from './review-file.ts';

describe('readReviewLabels', () => {
  it('reads fake, real and unsure, counts empty labels, and reports bad rows by line while reading on', () => {
    const text = [
      'id,handle,p_fake,label',
      '1,"a; b",0.9,fake',
      '2,b,0.1,Real',
      '3,c,0.5,',
      '4,d,0.5,maybe',
      ',e,0.5,fake',
      "'-5,f,0.5,unsure",
      '1,a,0.9,real',
      '6,g,0.2,real',
    ].join('\n');
    const labels = readReviewLabels(text, 'review.csv');
    assert.deepEqual(
      labels.rows.map((row) => [row.id, row.label, row.where]),
      [
        ['1', 'fake', 'review.csv:2'],
        ['2', 'real', 'review.csv:3'],
        ['-5', 'unsure', 'review.csv:7'],
        ['6', 'real', 'review.csv:9'],
      ],
    );
    assert.equal(labels.unlabelled, 1);
    assert.deepEqual(labels.problems, [
      'review.csv:5: label: expected fake, real or unsure, got "maybe"',
      'review.csv:6: id: missing',
      'review.csv:8: id 1 is labelled real here and fake at review.csv:2: the first is kept',
    ]);
  });

  it('reads the file back as a spreadsheet may save it: semicolons, a BOM, CRLF', () => {
    const labels = readReviewLabels('\ufeffid;handle;label\r\n7;a, b;fake\r\n8;b;real\r\n', 'saved.csv');
    assert.deepEqual(
      labels.rows.map((row) => [row.id, row.label]),
      [
        ['7', 'fake'],
        ['8', 'real'],
      ],
    );
    assert.deepEqual(labels.problems, []);
  });

  it('costs a broken quote or a row with too many cells that row alone, named by its line', () => {
    const text = ['id,handle,label', '1,a,fake', '2,"b,real', '3,c,real', '4,d,e,fake', '5,"e",unsure'].join(
      '\n',
    );
    const labels = readReviewLabels(text, 'review.csv');
    assert.deepEqual(
      labels.rows.map((row) => [row.id, row.label, row.where]),
      [
        ['1', 'fake', 'review.csv:2'],
        ['3', 'real', 'review.csv:4'],
        ['5', 'unsure', 'review.csv:6'],
      ],
    );
    assert.deepEqual(labels.problems, [
      'review.csv:3: (row): text after a closing quote (a quote inside a quoted field is written "")',
      'review.csv:5: (row): expected 3 cells as in the header, got 4',
    ]);
  });

  it('names the missing columns', () => {
    assert.deepEqual(readReviewLabels('user,verdict\n1,fake\n', 'x.csv').problems, [
      'x.csv:1: expected a header with the columns id and label, got user, verdict',
    ]);
  });
});
