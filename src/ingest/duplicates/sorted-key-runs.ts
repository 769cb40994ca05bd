// Sorted runs of distinct keys on disk: written from memory, merged, and searched with one read per run, so a set of any size keeps only a small block index in memory.
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';

/**
 * Keys are stored one a line as printable ASCII: `\` and every other character become `\uXXXX` (injective), so a
 * key never holds a line end and JavaScript's string order is the bytes' order in every file.
 */
const PLAIN = /^[\x20-\x5b\x5d-\x7e]*$/;
export function escapeKey(key: string): string {
  if (PLAIN.test(key)) return key;
  let escaped = '';
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    escaped +=
      code >= 0x20 && code <= 0x7e && code !== 0x5c ? key[i] : `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return escaped;
}

export function unescapeKey(escaped: string): string {
  return escaped.includes('\\')
    ? escaped.replace(/\\u([0-9a-f]{4})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    : escaped;
}

/** The most keys `sortKeys` packs: an index takes the low 17 bits of a packed word. */
const PACKED_INDEX_BITS = 17;
/** Below this many keys the comparison sort is as fast. */
const PACKED_SORT_FROM = 256;

/**
 * Escaped keys in JavaScript's string order, the order `keys.slice().sort()` gives them (distinct or not), faster
 * for many keys in no order (a spill of 131,072 shuffled X keys: about 70 ms by comparisons, a fifth of that
 * here). Keys already in order are returned as they are (a list sorted by id). Otherwise each key's six characters
 * after the prefix all the keys share go, 7 bits each (printable ASCII, 0 past the key's end, so a shorter key sorts
 * first as in string order), with its index into one 64-bit word; the words are sorted as numbers by the typed
 * array's own sort (no comparison called back), and only keys whose six characters tie are compared as strings.
 */
export function sortKeys(keys: readonly string[]): string[] {
  const n = keys.length;
  let inOrder = true;
  for (let i = 1; i < n; i++)
    if ((keys[i - 1] as string) > (keys[i] as string)) {
      inOrder = false;
      break;
    }
  if (inOrder) return keys.slice();
  if (n < PACKED_SORT_FROM || n > 2 ** PACKED_INDEX_BITS) return keys.slice().sort();
  const first = keys[0] as string;
  let shared = first.length;
  for (let i = 1; i < n && shared > 0; i++) {
    const key = keys[i] as string;
    let k = 0;
    const limit = Math.min(shared, key.length);
    while (k < limit && key.charCodeAt(k) === first.charCodeAt(k)) k++;
    shared = k;
  }
  // character c of a key, 1 to 95 (0x20 to 0x7e), 0 past its end, and 127 for any other (a key not escaped)
  let unescaped = false;
  const charAt = (key: string, c: number) => {
    if (c >= key.length) return 0;
    const code = key.charCodeAt(c) - 0x1f;
    if (code >= 1 && code <= 95) return code;
    unescaped = true;
    return 127;
  };
  const packed = new BigUint64Array(n);
  // the same words as two 32-bit halves (little-endian: the low half first), so no BigInt is made for a key
  const halves = new Uint32Array(packed.buffer);
  const c = shared;
  for (let i = 0; i < n; i++) {
    const key = keys[i] as string;
    halves[2 * i + 1] =
      (charAt(key, c) << 21) | (charAt(key, c + 1) << 14) | (charAt(key, c + 2) << 7) | charAt(key, c + 3);
    halves[2 * i] =
      ((charAt(key, c + 4) << (PACKED_INDEX_BITS + 7)) | (charAt(key, c + 5) << PACKED_INDEX_BITS) | i) >>> 0;
  }
  if (unescaped) return keys.slice().sort();
  packed.sort();
  const sorted = new Array<string>(n);
  const indexMask = 2 ** PACKED_INDEX_BITS - 1;
  for (let from = 0; from < n; ) {
    const high = halves[2 * from + 1] as number;
    const lowChars = (halves[2 * from] as number) >>> PACKED_INDEX_BITS;
    let to = from + 1;
    while (
      to < n &&
      halves[2 * to + 1] === high &&
      (halves[2 * to] as number) >>> PACKED_INDEX_BITS === lowChars
    )
      to++;
    for (let i = from; i < to; i++) sorted[i] = keys[(halves[2 * i] as number) & indexMask] as string;
    if (to - from > 1) {
      const tied = sorted.slice(from, to).sort();
      for (let i = from; i < to; i++) sorted[i] = tied[i - from] as string;
    }
    from = to;
  }
  return sorted;
}

/** Bytes a block holds (plus the key that crosses the limit): one read finds a key. */
const BLOCK_BYTES = 2048;

/** A file of escaped keys, sorted and distinct, in blocks whose first keys stay in memory. */
export class KeyRun {
  readonly #path: string;
  readonly #fd: number;
  /** First key of each block, and where each block starts (one more: the file's end). */
  readonly #firstKeys: string[];
  readonly #starts: number[];
  /** 0 for a run written from memory; one more than its parts' for a merged run. */
  readonly level: number;
  readonly size: number;

  private constructor(path: string, firstKeys: string[], starts: number[], level: number, size: number) {
    this.#path = path;
    this.#fd = openSync(path, 'r');
    this.#firstKeys = firstKeys;
    this.#starts = starts;
    this.level = level;
    this.size = size;
  }

  /**
   * Writes sorted, distinct escaped keys to `path`. An indexed loop: it runs once a spill, mostly before V8 optimises
   * it, and a `for … of` made an iterator result a key there.
   */
  static write(path: string, sortedKeys: readonly string[], level: number): KeyRun {
    const writer = new RunWriter(path);
    for (let k = 0; k < sortedKeys.length; k++) writer.add(sortedKeys[k] as string);
    const { firstKeys, starts, size } = writer.finish();
    return new KeyRun(path, firstKeys, starts, level, size);
  }

  /** Merges runs (whose keys are distinct across them) into one at `path`; the runs are left as they are. */
  static merge(path: string, runs: readonly KeyRun[]): KeyRun {
    const writer = new RunWriter(path);
    for (const key of mergeSorted(runs.map((run) => run.keys()))) writer.add(key);
    const { firstKeys, starts, size } = writer.finish();
    return new KeyRun(path, firstKeys, starts, 1 + Math.max(...runs.map((run) => run.level)), size);
  }

  /** True when the run holds the escaped key. */
  has(key: string): boolean {
    const firstKeys = this.#firstKeys;
    let low = 0;
    let high = firstKeys.length - 1;
    if (high < 0 || key < (firstKeys[0] as string)) return false;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((firstKeys[middle] as string) <= key) low = middle;
      else high = middle - 1;
    }
    const lines = this.#block(low);
    let from = 0;
    let to = lines.length - 1;
    while (from <= to) {
      const middle = (from + to) >> 1;
      const held = lines[middle] as string;
      if (held === key) return true;
      if (held < key) from = middle + 1;
      else to = middle - 1;
    }
    return false;
  }

  /** The escaped keys in order, read a block at a time. */
  *keys(): Generator<string> {
    for (let block = 0; block < this.#firstKeys.length; block++) yield* this.#block(block);
  }

  #block(block: number): string[] {
    const start = this.#starts[block] as number;
    const length = (this.#starts[block + 1] as number) - start;
    const bytes = Buffer.allocUnsafe(length);
    let read = 0;
    while (read < length) read += readSync(this.#fd, bytes, read, length - read, start + read);
    const text = bytes.toString('latin1', 0, length - 1);
    return text.split('\n');
  }

  get path(): string {
    return this.#path;
  }

  /** Closes the file, which stays. */
  close(): void {
    closeSync(this.#fd);
  }

  /** Closes and deletes the file. */
  remove(): void {
    this.close();
    rmSync(this.#path, { force: true });
  }
}

/** Bytes gathered before a write to the file: a call per 32 blocks, not one per block. */
const WRITE_BYTES = 1 << 16;

/** Appends sorted keys to a run file in blocks, noting each block's first key and start. */
class RunWriter {
  readonly #fd: number;
  readonly #firstKeys: string[] = [];
  readonly #starts: number[] = [];
  /** Lines not yet written, and how many bytes of it they fill. */
  readonly #pending = Buffer.allocUnsafe(WRITE_BYTES);
  #pendingBytes = 0;
  /** Bytes of the block being filled: 0 when the next key starts a block. */
  #blockBytes = 0;
  /** Bytes of the run so far, written or pending. */
  #offset = 0;
  #size = 0;

  constructor(path: string) {
    this.#fd = openSync(path, 'w');
  }

  add(key: string): void {
    if (this.#blockBytes === 0) {
      // A copy: a key split out of a block read from disk may be a slice that keeps the whole block alive.
      this.#firstKeys.push(Buffer.from(key, 'latin1').toString('latin1'));
      this.#starts.push(this.#offset);
    }
    const bytes = key.length + 1;
    if (this.#pendingBytes + bytes > WRITE_BYTES) this.#write();
    if (bytes > WRITE_BYTES) writeAll(this.#fd, Buffer.from(`${key}\n`, 'latin1'));
    else {
      this.#pendingBytes += this.#pending.write(key, this.#pendingBytes, 'latin1');
      this.#pending[this.#pendingBytes++] = 0x0a;
    }
    this.#offset += bytes;
    this.#size++;
    this.#blockBytes += bytes;
    if (this.#blockBytes >= BLOCK_BYTES) this.#blockBytes = 0;
  }

  #write(): void {
    writeAll(this.#fd, this.#pending.subarray(0, this.#pendingBytes));
    this.#pendingBytes = 0;
  }

  /** Closes the file; what a KeyRun needs to search it. */
  finish(): { firstKeys: string[]; starts: number[]; size: number } {
    this.#write();
    this.#starts.push(this.#offset);
    closeSync(this.#fd);
    return { firstKeys: this.#firstKeys, starts: this.#starts, size: this.#size };
  }
}

function writeAll(fd: number, bytes: Buffer): void {
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
}

/** Sorted iterables merged into one sorted sequence. */
export function* mergeSorted(sources: readonly Iterator<string>[]): Generator<string> {
  const heads: (string | undefined)[] = sources.map((source) => {
    const next = source.next();
    return next.done ? undefined : next.value;
  });
  for (;;) {
    let least = -1;
    for (let i = 0; i < heads.length; i++) {
      const head = heads[i];
      if (head !== undefined && (least < 0 || head < (heads[least] as string))) least = i;
    }
    if (least < 0) return;
    yield heads[least] as string;
    const next = (sources[least] as Iterator<string>).next();
    heads[least] = next.done ? undefined : next.value;
  }
}

/** The keys of a run file, in order, read 64 KiB at a time. */
export function* keyLines(path: string): Generator<string> {
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(1 << 16);
    let rest = '';
    for (;;) {
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      const lines = (rest + chunk.toString('latin1', 0, read)).split('\n');
      rest = lines.pop() as string;
      yield* lines;
    }
  } finally {
    closeSync(fd);
  }
}
