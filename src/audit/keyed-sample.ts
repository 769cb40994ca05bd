// A seeded uniform random sample of fixed size that merges exactly: every item gets a hashed key from the seed and its id, and the sample is the k smallest keys — the same whether the list is read in one pass or in parts.
import { BoundedHeap } from './bounded-heap.ts';

/** One 32-bit MurmurHash3 of a string's UTF-16 code units. */
function murmur3(text: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    let k = Math.imul(text.charCodeAt(i), 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= text.length;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A uniform 53-bit key for an id under a seed: two independent 32-bit hashes, 32 + 21 bits of them. */
export function sampleKey(seed: number, id: string): number {
  return murmur3(id, seed) * 2 ** 21 + (murmur3(id, (seed ^ 0x9e3779b9) >>> 0) >>> 11);
}

export interface KeyedItem<T> {
  key: number;
  /** Breaks ties between equal keys (the same id twice): the earlier position is kept first. */
  position: number;
  item: T;
}

/** The sample as a value: `seen` items offered, the `capacity` smallest kept, smallest key first. */
export interface SampleState<T> {
  capacity: number;
  seen: number;
  kept: KeyedItem<T>[];
}

/** Greater when a ranks nearer the front of the sample (smaller key, then earlier position). */
function compareKeyed<T>(a: KeyedItem<T>, b: KeyedItem<T>): number {
  return a.key !== b.key ? b.key - a.key : b.position - a.position;
}

export class KeyedSample<T> {
  readonly #capacity: number;
  readonly #heap: BoundedHeap<KeyedItem<T>>;
  #seen = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`a sample needs a whole number of items >= 1, got ${capacity}`);
    this.#capacity = capacity;
    this.#heap = new BoundedHeap(capacity, compareKeyed);
  }

  offer(key: number, position: number, item: T): void {
    this.#seen++;
    this.#heap.offer({ key, position, item });
  }

  state(): SampleState<T> {
    return { capacity: this.#capacity, seen: this.#seen, kept: this.#heap.sorted() };
  }
}

/** The sample of both parts' items together, as one pass over them would draw it. */
export function mergeSamples<T>(a: SampleState<T>, b: SampleState<T>): SampleState<T> {
  if (a.capacity !== b.capacity) throw new Error('samples of different sizes cannot be merged');
  const heap = new BoundedHeap(a.capacity, compareKeyed<T>);
  for (const kept of a.kept) heap.offer(kept);
  for (const kept of b.kept) heap.offer(kept);
  return { capacity: a.capacity, seen: a.seen + b.seen, kept: heap.sorted() };
}
