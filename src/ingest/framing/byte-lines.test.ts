// splitByteLines against splitJson's 'lines' layout on the same input decoded: the same lines, numbers, skips and line-end count, however the bytes are cut into chunks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { UNDECODABLE } from '../source/source.ts';
import { isByteLine, splitByteLines } from './byte-lines.ts';
import { type JsonFrame, splitJson } from './json-values.ts';

type Seen = { line: number; text?: string; reason?: string };

async function* chunksOf<T>(parts: T[]): AsyncGenerator<T> {
  yield* parts;
}

/** The byte splitter's frames as text, blank lines dropped (as the reader drops them once decoded). */
async function byteFrames(
  parts: Buffer[],
  maxChars: number,
): Promise<{ frames: Seen[]; lines: number; undecodable: number }> {
  const ended = { lines: 0 };
  const undecodable = { count: 0 };
  const frames: Seen[] = [];
  for await (const batch of splitByteLines(chunksOf(parts), maxChars, ended, undecodable))
    for (const frame of batch) {
      if (isByteLine(frame)) {
        const text = frame.bytes.toString('utf8', frame.start, frame.end);
        if (text.trim().length > 0) frames.push({ line: frame.line, text });
      } else if ('text' in frame) {
        if (frame.text.trim().length > 0) frames.push({ line: frame.line, text: frame.text });
      } else frames.push({ line: frame.line, reason: frame.reason });
    }
  return { frames, lines: ended.lines, undecodable: undecodable.count };
}

async function textFrames(text: string, maxChars: number): Promise<{ frames: Seen[]; lines: number }> {
  const ended = { lines: 0 };
  const frames: Seen[] = [];
  for await (const batch of splitJson(chunksOf([text]), 'lines', maxChars, ended))
    for (const frame of batch as JsonFrame[])
      frames.push('text' in frame ? { line: frame.line, text: frame.text } : frame);
  return { frames, lines: ended.lines };
}

/** The bytes cut at the given places (any byte, inside a character too). */
function cut(bytes: Buffer, places: number[]): Buffer[] {
  const sorted = [...new Set(places.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let from = 0;
  for (const place of sorted) {
    parts.push(bytes.subarray(from, place));
    from = place;
  }
  parts.push(bytes.subarray(from));
  return parts;
}

const lineArbitrary = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('', ' ', '\t', '{"a":1}', '{"é":"日本"}', ' \u00a0 ', '😀😀😀😀'),
);
const endArbitrary = fc.constantFrom('\n', '\r\n', '\r', '\n\n');

describe('splitByteLines', () => {
  it('cuts valid UTF-8 as splitJson cuts its text, chunks cut anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(lineArbitrary, endArbitrary), { maxLength: 12 }),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.integer({ min: 1, max: 12 }),
        async (lines, lastEnds, places, maxChars) => {
          let text = lines.map(([line, end]) => line + end).join('');
          if (!lastEnds && lines.length > 0) text = text.replace(/[\r\n]+$/, '');
          const bytes = Buffer.from(text, 'utf8');
          const expected = await textFrames(text, maxChars);
          const got = await byteFrames(cut(bytes, places), maxChars);
          assert.deepEqual(got.frames, expected.frames);
          assert.equal(got.lines, expected.lines);
          assert.equal(got.undecodable, 0);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('marks and counts the lines that are not UTF-8, and only those', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"a":"ok"}\n{"b":"', 'utf8'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}\r\n{"c":"é"}\n{"d":"', 'utf8'),
      Buffer.from([0xe6, 0x97]),
    ]);
    for (let at = 0; at <= bytes.length; at++) {
      const { frames, lines, undecodable } = await byteFrames(cut(bytes, [at]), 1000);
      assert.deepEqual(
        frames.map((frame) => [frame.line, frame.text?.includes(UNDECODABLE)]),
        [
          [1, false],
          [2, true],
          [3, false],
          [4, true],
        ],
        `cut at ${at}`,
      );
      assert.equal(lines, 3);
      assert.equal(undecodable, 3);
    }
  });

  it('skips a line too long to hold without keeping it', async () => {
    const long = `{"a":"${'x'.repeat(5000)}"}`;
    const { frames } = await byteFrames(cut(Buffer.from(`{"a":1}\n${long}\n{"b":2}\n`), [100, 3000]), 100);
    assert.deepEqual(frames, [
      { line: 1, text: '{"a":1}' },
      { line: 2, reason: 'a line longer than 100 characters (skipped)' },
      { line: 3, text: '{"b":2}' },
    ]);
  });
});
