// A seeded uniform random sample of fixed size from a stream of unknown length (reservoir sampling, Li's Algorithm L).
//
// Every item of the stream ends up in the sample with the same probability k / n, whatever n turns out to be, in
// O(k) memory. Algorithm L (Li 1994) draws how many items to skip before the next replacement instead of a random
// number per item, so a long stream costs O(k (1 + log(n / k))) draws.

export class ReservoirSample<T> {
  readonly #items: T[] = [];
  readonly #capacity: number;
  readonly #random: () => number;
  #seen = 0;
  /** 0-based position in the stream of the next item that replaces one in the reservoir. */
  #next = 0;
  #w = 1;

  constructor(capacity: number, random: () => number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`a sample needs a whole number of items >= 1, got ${capacity}`);
    this.#capacity = capacity;
    this.#random = random;
  }

  /** Items offered so far. */
  get seen(): number {
    return this.#seen;
  }

  offer(item: T): void {
    const position = this.#seen++;
    if (position < this.#capacity) {
      this.#items.push(item);
      if (position === this.#capacity - 1) {
        this.#w = Math.exp(Math.log(this.#uniform()) / this.#capacity);
        this.#skip(position);
      }
      return;
    }
    if (position !== this.#next) return;
    this.#items[Math.floor(this.#random() * this.#capacity)] = item;
    this.#w *= Math.exp(Math.log(this.#uniform()) / this.#capacity);
    this.#skip(position);
  }

  /** The sample (in no particular order). */
  items(): readonly T[] {
    return this.#items;
  }

  /** A uniform draw in (0, 1): logarithms need it nonzero. */
  #uniform(): number {
    return 1 - this.#random();
  }

  #skip(position: number): void {
    this.#next = position + Math.floor(Math.log(this.#uniform()) / Math.log(1 - this.#w)) + 1;
  }
}
