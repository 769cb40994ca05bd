// Cuts an uncompressed line-framed file into byte ranges that each start at a line's start (one per thread), and counts the lines a range holds.
import { open } from 'node:fs/promises';
import type { ByteRange } from './source.ts';

const PROBE_BYTES = 64 * 1024;
const LF = 10;
const CR = 13;

/**
 * Up to `parts` ranges of about equal size covering the file, each starting just after a line feed (so a CRLF pair
 * never straddles two). Fewer when the file has fewer line feeds than cuts (a file of one line is one range).
 */
export async function splitAtLines(path: string, parts: number): Promise<ByteRange[]> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const cuts: number[] = [0];
    const probe = Buffer.alloc(PROBE_BYTES);
    for (let i = 1; i < parts; i++) {
      let at = Math.max(Math.floor((i * size) / parts), cuts[cuts.length - 1] as number);
      let cut = size;
      while (at < size) {
        const { bytesRead } = await file.read(probe, 0, PROBE_BYTES, at);
        if (bytesRead === 0) break;
        const found = probe.subarray(0, bytesRead).indexOf(LF);
        if (found >= 0) {
          cut = at + found + 1;
          break;
        }
        at += bytesRead;
      }
      if (cut < size && cut > (cuts[cuts.length - 1] as number)) cuts.push(cut);
    }
    return cuts.map((start, i) => ({ start, end: cuts[i + 1] ?? size }));
  } finally {
    await file.close();
  }
}

/** Line ends in the range as the JSONL reader counts them: LF, CRLF and a lone CR each end one line. */
export async function countLineEnds(path: string, range: ByteRange): Promise<number> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(1 << 20);
    let count = 0;
    let previous = 0;
    for (let at = range.start; at < range.end; ) {
      const { bytesRead } = await file.read(buffer, 0, Math.min(buffer.length, range.end - at), at);
      if (bytesRead === 0) break;
      const bytes = buffer.subarray(0, bytesRead);
      for (let lf = bytes.indexOf(LF); lf >= 0; lf = bytes.indexOf(LF, lf + 1)) count++;
      for (let cr = bytes.indexOf(CR); cr >= 0; cr = bytes.indexOf(CR, cr + 1)) {
        // a CR followed by LF is one line end with it, already counted
        const next = cr + 1 < bytes.length ? bytes[cr + 1] : undefined;
        if (next !== LF) count++;
      }
      // a CR at a buffer's end is counted above; undo it when the next buffer opens with its LF
      if (previous === CR && bytes[0] === LF) count--;
      previous = bytes[bytes.length - 1] as number;
      at += bytesRead;
    }
    return count;
  } finally {
    await file.close();
  }
}
