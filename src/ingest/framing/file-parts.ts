// Cuts an uncompressed line-framed file into byte ranges that each start at a line's start, one per thread.
import { open } from 'node:fs/promises';
import type { ByteRange } from '../source/source.ts';

const PROBE_BYTES = 64 * 1024;
const LF = 10;

/**
 * Up to `wanted` ranges of about equal size covering the file, each starting just after a line feed (so a CRLF pair
 * never straddles two), none planned below `minPartBytes`. Fewer when the file has fewer line feeds than cuts (a
 * file of one line is one range).
 */
export async function splitAtLines(path: string, wanted: number, minPartBytes = 1): Promise<ByteRange[]> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const parts = Math.max(1, Math.min(wanted, Math.floor(size / Math.max(1, minPartBytes))));
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
