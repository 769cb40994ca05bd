// The CSV splitter: quoting, line endings, and recovery at the next line after a broken record.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type CsvFrame, detectDelimiter, splitCsv } from './csv-rows.ts';

async function split(
  chunks: string[],
  options: { expectedFields?: number; maxRecordChars?: number } = {},
): Promise<CsvFrame[]> {
  async function* source() {
    yield* chunks;
  }
  const frames: CsvFrame[] = [];
  for await (const batch of splitCsv(source(), ',', {
    maxRecordChars: options.maxRecordChars ?? 1e6,
    expectedFields: () => options.expectedFields,
  }))
    frames.push(...batch);
  return frames;
}

describe('splitCsv', () => {
  it('costs an unclosed quote its own record only, reported at its line, and reads the rest', async () => {
    const text = 'platform,id,handle,followersCount\nx,1,alice,5\nx,2,"bob,5\nx,3,carol,6\nx,4,dave,7\n';
    const frames = await split([text], { expectedFields: 4 });
    assert.deepEqual(frames, [
      { cells: ['platform', 'id', 'handle', 'followersCount'], line: 1 },
      { cells: ['x', '1', 'alice', '5'], line: 2 },
      { line: 3, reason: 'a quote opened in this record is never closed' },
      { cells: ['x', '3', 'carol', '6'], line: 4 },
      { cells: ['x', '4', 'dave', '7'], line: 5 },
    ]);
  });

  it('reads again after a quote that closes lines later and leaves the wrong number of fields', async () => {
    const text = 'a,b,c,d\n1,"x,2,3\n4,5,6,7\n8",9,10,11\n12,13,14,15\n';
    const frames = await split([text], { expectedFields: 4 });
    assert.deepEqual(
      frames.filter((frame) => 'reason' in frame).map((frame) => frame.line),
      [2],
    );
    assert.deepEqual(
      frames.filter((frame) => 'cells' in frame).map((frame) => frame.line),
      [1, 3, 4, 5],
    );
  });

  it('reads again after an unclosed quote closed by a later line that leaves the right number of fields by chance', async () => {
    // the quote opened on line 2 closes at the opening quote of line 3's ", " — the fields then happen to count 4
    const text = 'a,b,c,d\nx,"unclosed\nx,good,", ",1\nx,next,n,2\n';
    const frames = await split([text], { expectedFields: 4 });
    assert.deepEqual(frames.slice(1), [
      {
        line: 2,
        reason:
          'a quoted field runs over 2 lines and a quote stands outside quotes after it: an unclosed quote?',
      },
      { cells: ['x', 'good', ', ', '1'], line: 3 },
      { cells: ['x', 'next', 'n', '2'], line: 4 },
    ]);
  });

  it('keeps a quoted field that spans lines, with doubled quotes, and counts lines from the record start', async () => {
    const frames = await split(['id,bio\n1,"line one\nline ""two"""\n2,plain\n'], { expectedFields: 2 });
    assert.deepEqual(frames, [
      { cells: ['id', 'bio'], line: 1 },
      { cells: ['1', 'line one\nline "two"'], line: 2 },
      { cells: ['2', 'plain'], line: 4 },
    ]);
  });

  it('reads LF, CRLF and lone CR line endings mixed in one file, blank lines skipped', async () => {
    const frames = await split(['id,n\r\n1,a\n2,b\r3,c\r\n\r\n4,d']);
    assert.deepEqual(
      frames.map((frame) => ('cells' in frame ? [frame.line, ...frame.cells] : frame)),
      [
        [1, 'id', 'n'],
        [2, '1', 'a'],
        [3, '2', 'b'],
        [4, '3', 'c'],
        [6, '4', 'd'],
      ],
    );
  });

  it('reports text after a closing quote and goes on at the next line', async () => {
    const frames = await split(['id,n\n1,"a"b\n2,c\n']);
    assert.deepEqual(frames.slice(1), [
      { line: 2, reason: 'text after a closing quote (a quote inside a quoted field is written "")' },
      { cells: ['2', 'c'], line: 3 },
    ]);
  });

  it('refuses a record over the size cap at its line and reads on', async () => {
    const long = 'z'.repeat(5000);
    const frames = await split(['id,n\n1,a\n2,', long.slice(0, 2500), long.slice(2500), '\n3,c\n'], {
      maxRecordChars: 1000,
    });
    assert.deepEqual(frames.slice(1), [
      { cells: ['1', 'a'], line: 2 },
      { line: 3, reason: 'a record longer than 1000 characters' },
      { cells: ['3', 'c'], line: 4 },
    ]);
  });

  it('gives the same frames however the text is cut into chunks', async () => {
    const cell = fc.stringMatching(/^[a-z",\n\r ]{0,6}$/);
    const text = fc
      .array(fc.array(cell, { minLength: 1, maxLength: 4 }), { maxLength: 8 })
      .map((rows) =>
        rows.map((row) => row.join(',')).join(fc.sample(fc.constantFrom('\n', '\r\n', '\r'), 1)[0]),
      );
    await fc.assert(
      fc.asyncProperty(text, fc.array(fc.nat(), { maxLength: 6 }), async (csv, cuts) => {
        const points = [...new Set(cuts.map((cut) => cut % (csv.length + 1)))].sort((a, b) => a - b);
        const chunks: string[] = [];
        let start = 0;
        for (const point of points) {
          chunks.push(csv.slice(start, point));
          start = point;
        }
        chunks.push(csv.slice(start));
        assert.deepEqual(
          await split(
            chunks.filter((chunk) => chunk.length > 0),
            { expectedFields: 2 },
          ),
          await split([csv], { expectedFields: 2 }),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('detects the delimiter from the first line whatever its line ending', () => {
    assert.equal(detectDelimiter('a;b;c\r1;2;3'), ';');
    assert.equal(detectDelimiter('a\tb\n'), '\t');
  });
});
