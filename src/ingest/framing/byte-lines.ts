// Splits UTF-8 bytes into JSONL lines without decoding them: the key picker reads a line from the bytes, and only the lines it leaves are decoded to text.
import { isUtf8 } from 'node:buffer';
import { markUndecodable } from '../source/source.ts';
import type { JsonFramingError, JsonValueText } from './json-values.ts';

const LF = 10;
const CR = 13;

/** One line as bytes (valid UTF-8, its line end left out) and its 1-based number. */
export interface ByteLine {
  bytes: Buffer;
  start: number;
  end: number;
  line: number;
}

/** A line as bytes, as text (decoded: it was long, or not valid UTF-8 and so marked), or why it was skipped. */
export type LineFrame = ByteLine | JsonValueText | JsonFramingError;

export function isByteLine(frame: LineFrame): frame is ByteLine {
  return 'bytes' in frame;
}

/**
 * The lines of JSONL bytes, as `splitJson`'s 'lines' layout cuts the same input decoded: LF, CRLF and lone CR end a
 * line, a line longer than `maxChars` characters is reported at its line and skipped (without holding more than
 * 3 bytes a character of it), and `ended.lines` counts the line ends read. Blank lines come out as byte lines (or
 * text): the reader skips them once decoded, so the fast path never pays for the check.
 */
export async function* splitByteLines(
  chunks: AsyncIterable<Buffer>,
  maxChars: number,
  ended: { lines: number },
  undecodable: { count: number },
): AsyncGenerator<LineFrame[]> {
  // a UTF-16 code unit takes at most 3 bytes of UTF-8: past this, a line is too long however it decodes
  const maxBytes = maxChars * 3;
  const tooLong = (line: number): JsonFramingError => ({
    line,
    reason: `a line longer than ${maxChars} characters (skipped)`,
  });
  /** The frame of a whole line: bytes when they are valid UTF-8 and surely short enough, else decoded. */
  const frameOf = (
    bytes: Buffer,
    lineStart: number,
    end: number,
    line: number,
    valid: boolean,
  ): LineFrame => {
    // A byte-order mark starting a line (files saved with one and joined by `cat`) is no part of its record.
    const start =
      bytes[lineStart] === 0xef && bytes[lineStart + 1] === 0xbb && bytes[lineStart + 2] === 0xbf
        ? lineStart + 3
        : lineStart;
    if (valid && end - start <= maxChars) return { bytes, start, end, line };
    const piece = bytes.subarray(start, end);
    const text = valid ? piece.toString('utf8') : markUndecodable(piece, undecodable);
    return text.length > maxChars ? tooLong(line) : { text, line };
  };
  let pieces: Buffer[] = [];
  let pendingBytes = 0;
  let skipping = false;
  let pendingCr = false;
  let line = 0;
  for await (const chunk of chunks) {
    const batch: LineFrame[] = [];
    let start = 0;
    if (pendingCr) {
      pendingCr = false;
      if (chunk[0] === LF) start = 1;
    }
    let lf = chunk.indexOf(LF, start);
    let cr = chunk.indexOf(CR, start);
    // whether the lines wholly inside this chunk are valid UTF-8, checked once for all of them
    let wholeLinesValid: boolean | undefined;
    while (lf >= 0 || cr >= 0) {
      const end = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
      let next = end + 1;
      if (end === cr) {
        if (end + 1 < chunk.length) {
          if (chunk[end + 1] === LF) next = end + 2;
        } else pendingCr = true;
      }
      line++;
      if (skipping) skipping = false;
      else if (pieces.length > 0) {
        pieces.push(chunk.subarray(start, end));
        const bytes = Buffer.concat(pieces);
        batch.push(frameOf(bytes, 0, bytes.length, line, isUtf8(bytes)));
      } else {
        if (wholeLinesValid === undefined) {
          const lastEnd = Math.max(chunk.lastIndexOf(LF), chunk.lastIndexOf(CR));
          wholeLinesValid = isUtf8(chunk.subarray(start, lastEnd));
        }
        const valid = wholeLinesValid || isUtf8(chunk.subarray(start, end));
        batch.push(frameOf(chunk, start, end, line, valid));
      }
      pieces = [];
      pendingBytes = 0;
      start = next;
      if (lf >= 0 && lf < start) lf = chunk.indexOf(LF, start);
      if (cr >= 0 && cr < start) cr = chunk.indexOf(CR, start);
    }
    if (!skipping && start < chunk.length) {
      const piece = chunk.subarray(start);
      pendingBytes += piece.length;
      pieces.push(piece);
      if (pendingBytes > maxBytes) {
        batch.push(tooLong(line + 1));
        pieces = [];
        pendingBytes = 0;
        skipping = true;
      }
    }
    ended.lines = line;
    if (batch.length > 0) yield batch;
  }
  if (!skipping && pieces.length > 0) {
    const bytes = Buffer.concat(pieces);
    yield [frameOf(bytes, 0, bytes.length, line + 1, isUtf8(bytes))];
  }
}
