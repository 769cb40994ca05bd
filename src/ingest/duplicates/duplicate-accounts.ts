// Tells whether an account (by platform + id) was seen before in this input — exactly, by the full key, in constant memory — so duplicates are counted once and reported.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Account } from '../../core/account.ts';
import { escapeKey, KeyRun, keyLines, mergeSorted, sortKeys, unescapeKey } from './sorted-key-runs.ts';

/** What makes two records the same follower. */
export const accountKey = (account: Pick<Account, 'platform' | 'id'>): string =>
  `${account.platform}:${account.id}`;

/** The filter: 2^22 words of 32 bits (16 MiB), in blocks of 8 words (one cache line's worth), one bit set in each word. */
const FILTER_WORDS = 1 << 22;
/** Parquet's split-block Bloom filter salts: one odd multiplier per word of a block. */
const SALTS = [
  0x47b6137b, 0x44974d91, 0x8824ad5b, 0xa2b7289d, 0x705495c7, 0x2df1424b, 0x9efc4947, 0x5c6bfb31,
] as const;
/** Keys held in memory before they are written, sorted, to a run on disk. */
const RECENT_KEYS = 1 << 17;
/** The recent keys' characters first made room for, a key: an X key (`x:` and up to 19 digits) fits. */
const CHARS_PER_KEY = 24;
const COLON = 0x3a;
/** Runs of one level merged into one of the next once there are this many. */
const MERGE_FAN_IN = 8;

export interface DuplicateAccountsOptions {
  /** Keys (`accountKey`) already seen elsewhere — in parts of the list read before: repeats of them are duplicates. */
  seen?: Iterable<string>;
  /** Where its run files go (a fresh folder under it, made only when the keys outgrow memory). */
  tmpdir?: string;
  /** Sizes (tests make them small to reach the disk and the merges): keys kept in memory, the filter's 32-bit words (a power of two, >= 8). */
  recentKeys?: number;
  filterWords?: number;
}

/**
 * The set of followers seen so far. Memory is fixed whatever the list's length: a split-block Bloom filter of 16 MiB
 * answers "never seen" for a new follower at once; the newest 131,072 keys sit in an array (with a hash index made when needed); older keys are spilled to
 * sorted run files (merged 8 at a time, so there are a few dozen at most) searched with one read each. A maybe from
 * the filter is settled by the full `platform:id` — never by a hash — so two different followers are never merged.
 * Its files are removed by `close()`.
 */
export class DuplicateAccounts {
  readonly #filter: Int32Array;
  readonly #blockMask: number;
  readonly #recentKeys: number;
  /**
   * The keys not yet spilled, as UTF-16 code units one after another (key k is #chars[#starts[k], #starts[k + 1])),
   * and an open-addressing index of them (position + 1, 0 free; at most half full) by their hash, brought up to date
   * only when the filter says "maybe" (most keys never need it). Held as strings, each follower's key lived until its
   * spill, so every one was promoted to the old generation (some 40 MB at 1M followers), which drove about half of
   * the audit's major collections; here only a spill makes strings of them, for the moment it writes them.
   */
  #chars: Uint16Array;
  readonly #starts: Int32Array;
  #count = 0;
  readonly #recentHashes: Int32Array;
  readonly #recentSlots: Int32Array;
  #indexed = 0;
  readonly #runs: KeyRun[] = [];
  readonly #tmpdir: string;
  #dir: string | undefined;
  #runCount = 0;
  /** How many accounts repeated an earlier one. */
  duplicates = 0;
  /** How many "maybe seen" answers of the filter were settled on disk (for the benchmark). */
  diskLookups = 0;

  constructor(options: DuplicateAccountsOptions = {}) {
    this.#tmpdir = options.tmpdir ?? tmpdir();
    this.#filter = new Int32Array(options.filterWords ?? FILTER_WORDS);
    this.#blockMask = this.#filter.length / 8 - 1;
    this.#recentKeys = options.recentKeys ?? RECENT_KEYS;
    this.#recentHashes = new Int32Array(this.#recentKeys);
    this.#starts = new Int32Array(this.#recentKeys + 1);
    this.#chars = new Uint16Array(this.#recentKeys * CHARS_PER_KEY);
    this.#recentSlots = new Int32Array(2 ** Math.ceil(Math.log2(2 * this.#recentKeys + 1)));
    for (const key of options.seen ?? []) this.#seenBefore(key, undefined);
  }

  /** True when this platform + id was already seen (and counts it); false the first time. */
  repeats(account: Account): boolean {
    if (!this.#seenBefore(account.platform, account.id)) return false;
    this.duplicates++;
    return true;
  }

  /**
   * Whether the key `first:second` (or `first`, a whole key, when `second` is undefined) was seen before; adds it
   * when not. The key is written after the recent keys' characters first (no string made of it), hashed there, and
   * kept by counting it.
   */
  #seenBefore(first: string, second: string | undefined): boolean {
    const start = this.#starts[this.#count] as number;
    const length = second === undefined ? first.length : first.length + 1 + second.length;
    if (start + length > this.#chars.length) this.#grow(start + length);
    const chars = this.#chars;
    let end = start;
    for (let i = 0; i < first.length; i++) chars[end++] = first.charCodeAt(i);
    if (second !== undefined) {
      chars[end++] = COLON;
      for (let i = 0; i < second.length; i++) chars[end++] = second.charCodeAt(i);
    }
    let low = 0x811c9dc5;
    let high = 0x9747b28c;
    for (let i = start; i < end; i++) {
      const code = chars[i] as number;
      low = Math.imul(low ^ code, 0x01000193);
      high = Math.imul(high ^ code, 0x5bd1e995);
      high ^= high >>> 15;
    }
    low = Math.imul(low ^ (low >>> 16), 0x85ebca6b) ^ (low >>> 13);
    high = Math.imul(high ^ (high >>> 13), 0xc2b2ae35) ^ (high >>> 16);
    const filter = this.#filter;
    const block = (low & this.#blockMask) * 8;
    let maybe = true;
    for (let i = 0; i < 8; i++) {
      const bit = 1 << (Math.imul(high, SALTS[i] as number) >>> 27);
      const word = filter[block + i] as number;
      if ((word & bit) === 0) {
        maybe = false;
        filter[block + i] = word | bit;
      }
    }
    if (maybe && (this.#inRecent(start, end, high) || this.#onDisk(this.#keyAt(start, end)))) return true;
    this.#recentHashes[this.#count] = high;
    this.#count++;
    this.#starts[this.#count] = end;
    if (this.#count >= this.#recentKeys) this.#spill();
    return false;
  }

  /** Room for the recent keys' characters up to `needed`: twice as much, or more. */
  #grow(needed: number): void {
    const chars = new Uint16Array(Math.max(needed, 2 * this.#chars.length));
    chars.set(this.#chars.subarray(0, this.#starts[this.#count] as number));
    this.#chars = chars;
  }

  /** The key in #chars[start, end) as a string. */
  #keyAt(start: number, end: number): string {
    let key = '';
    // in pieces: a call's arguments are limited in number (apply takes the typed array as it is; a spread iterates it)
    for (let from = start; from < end; from += 4096) {
      const piece = this.#chars.subarray(from, Math.min(end, from + 4096));
      key += String.fromCharCode.apply(null, piece as unknown as number[]);
    }
    return key;
  }

  /**
   * Whether a recent key is the one in #chars[start, end) (`hash`: its second hash), the index first brought up to
   * date.
   */
  #inRecent(start: number, end: number, hash: number): boolean {
    const slots = this.#recentSlots;
    const mask = slots.length - 1;
    for (; this.#indexed < this.#count; this.#indexed++) {
      let slot = (this.#recentHashes[this.#indexed] as number) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = this.#indexed + 1;
    }
    const chars = this.#chars;
    const starts = this.#starts;
    const length = end - start;
    for (let slot = hash & mask, held = slots[slot] as number; held !== 0; held = slots[slot] as number) {
      const from = starts[held - 1] as number;
      if ((starts[held] as number) - from === length) {
        let i = 0;
        while (i < length && chars[from + i] === chars[start + i]) i++;
        if (i === length) return true;
      }
      slot = (slot + 1) & mask;
    }
    return false;
  }

  /** Whether a run on disk holds the key. */
  #onDisk(key: string): boolean {
    if (this.#runs.length === 0) return false;
    this.diskLookups++;
    const escaped = escapeKey(key);
    for (const run of this.#runs) if (run.has(escaped)) return true;
    return false;
  }

  /** Writes the recent keys to a run, then merges the newest runs while one level has MERGE_FAN_IN of them. */
  #spill(): void {
    this.#writeRecent();
    for (;;) {
      const level = (this.#runs.at(-1) as KeyRun).level;
      const sameLevel = this.#runs.slice(-MERGE_FAN_IN);
      if (sameLevel.length < MERGE_FAN_IN || sameLevel.some((run) => run.level !== level)) return;
      const merged = KeyRun.merge(this.#nextPath(), sameLevel);
      for (const run of sameLevel) run.remove();
      this.#runs.splice(-MERGE_FAN_IN, MERGE_FAN_IN, merged);
    }
  }

  /** Writes the recent keys, sorted, to a new run. */
  #writeRecent(): void {
    const starts = this.#starts;
    // one string of them all, cut into keys: a slice is cheaper than a string made of each key's characters
    const all = this.#keyAt(0, starts[this.#count] as number);
    const escaped: string[] = new Array(this.#count);
    for (let k = 0; k < this.#count; k++)
      escaped[k] = escapeKey(all.slice(starts[k] as number, starts[k + 1] as number));
    const sorted = sortKeys(escaped);
    this.#count = 0;
    this.#clearIndex();
    this.#runs.push(KeyRun.write(this.#nextPath(), sorted, 0));
  }

  #nextPath(): string {
    if (this.#dir === undefined) {
      this.#dir = mkdtempSync(join(this.#tmpdir, 'realreach-seen-'));
      // An exit with the audit unfinished (an error thrown past it, process.exit on a signal) leaves no files either.
      process.once('exit', this.#removeFiles);
    }
    return join(this.#dir, `run-${this.#runCount++}`);
  }

  /**
   * Leaves every distinct key seen (those given as `seen` too) in files of escaped keys, one a line, each sorted and
   * no key in two of them — the runs on disk and the recent keys written as one more — for `repeatedKeys` in another
   * thread, and returns their paths: no key is read or written again. The files, in a folder under `tmpdir`, are
   * the caller's to remove (`close()` leaves them); the set is spent, to be closed.
   */
  keepSortedKeys(): string[] {
    if (this.#count > 0) this.#writeRecent();
    const paths = this.#runs.map((run) => run.path);
    for (const run of this.#runs.splice(0)) run.close();
    process.off('exit', this.#removeFiles);
    this.#dir = undefined;
    return paths;
  }

  readonly #removeFiles = (): void => {
    for (const run of this.#runs.splice(0)) run.remove();
    if (this.#dir !== undefined) rmSync(this.#dir, { recursive: true, force: true });
    this.#dir = undefined;
  };

  /**
   * Empties the recent keys' index. It is written only while #indexed counts up, so with nothing indexed it is all
   * zeros already; filling its 2 MiB anyway would touch every page of it (some 500 page faults, 11 % of a 10-line
   * `inspect`'s).
   */
  #clearIndex(): void {
    if (this.#indexed > 0) this.#recentSlots.fill(0);
    this.#indexed = 0;
  }

  /** Removes its run files. */
  close(): void {
    process.off('exit', this.#removeFiles);
    this.#removeFiles();
    this.#count = 0;
    this.#clearIndex();
  }
}

/**
 * The keys of a part's `keepSortedKeys` files also in any of the earlier parts' (followers a later part of a list
 * repeats from the parts before it), unescaped: a streaming merge join, so memory holds only the answer.
 */
export function repeatedKeys(laterFiles: readonly string[], earlierFiles: readonly string[]): string[] {
  const repeated: string[] = [];
  const earlier = mergeSorted(earlierFiles.map(keyLines));
  let next = earlier.next();
  for (const key of mergeSorted(laterFiles.map(keyLines))) {
    while (!next.done && next.value < key) next = earlier.next();
    if (next.done) break;
    if (next.value === key) repeated.push(unescapeKey(key));
  }
  return repeated;
}
