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

  /** Writes sorted, distinct escaped keys to `path`. */
  static write(path: string, sortedKeys: Iterable<string>, level: number): KeyRun {
    const writer = new RunWriter(path);
    for (const key of sortedKeys) writer.add(key);
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

/** Appends sorted keys to a run file in blocks, noting each block's first key and start. */
class RunWriter {
  readonly #fd: number;
  readonly #firstKeys: string[] = [];
  readonly #starts: number[] = [];
  #block: string[] = [];
  #blockBytes = 0;
  #written = 0;
  #size = 0;

  constructor(path: string) {
    this.#fd = openSync(path, 'w');
  }

  add(key: string): void {
    // A copy: a key split out of a block read from disk may be a slice that keeps the whole block alive.
    if (this.#block.length === 0) this.#firstKeys.push(Buffer.from(key, 'latin1').toString('latin1'));
    this.#block.push(key);
    this.#blockBytes += key.length + 1;
    this.#size++;
    if (this.#blockBytes >= BLOCK_BYTES) this.#flush();
  }

  #flush(): void {
    if (this.#block.length === 0) return;
    const bytes = Buffer.from(`${this.#block.join('\n')}\n`, 'latin1');
    let done = 0;
    while (done < bytes.length) done += writeSync(this.#fd, bytes, done, bytes.length - done);
    this.#starts.push(this.#written);
    this.#written += bytes.length;
    this.#block = [];
    this.#blockBytes = 0;
  }

  /** Closes the file; what a KeyRun needs to search it. */
  finish(): { firstKeys: string[]; starts: number[]; size: number } {
    this.#flush();
    this.#starts.push(this.#written);
    closeSync(this.#fd);
    return { firstKeys: this.#firstKeys, starts: this.#starts, size: this.#size };
  }
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
