// Keeps the k greatest items of a stream by a comparison, in O(k) memory (a min-heap whose root is the least kept item).

export class BoundedHeap<T> {
  readonly #items: T[] = [];
  readonly #capacity: number;
  /** Negative when a ranks below b (a is less suspicious), positive when above; never 0 for distinct items. */
  readonly #compare: (a: T, b: T) => number;

  constructor(capacity: number, compare: (a: T, b: T) => number) {
    this.#capacity = capacity;
    this.#compare = compare;
  }

  offer(item: T): void {
    if (this.#capacity === 0) return;
    const items = this.#items;
    if (items.length < this.#capacity) {
      items.push(item);
      this.#siftUp(items.length - 1);
    } else if (this.#compare(item, items[0] as T) > 0) {
      items[0] = item;
      this.#siftDown(0);
    }
  }

  /** Whether it holds its capacity: an item then enters only when it ranks above `least()`. */
  full(): boolean {
    return this.#items.length >= this.#capacity;
  }

  /** The least item kept (the first to go), if any. */
  least(): T | undefined {
    return this.#items[0];
  }

  /** The kept items, greatest first. */
  sorted(): T[] {
    return [...this.#items].sort((a, b) => this.#compare(b, a));
  }

  #siftUp(index: number): void {
    const items = this.#items;
    let child = index;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (this.#compare(items[child] as T, items[parent] as T) >= 0) break;
      [items[child], items[parent]] = [items[parent] as T, items[child] as T];
      child = parent;
    }
  }

  #siftDown(index: number): void {
    const items = this.#items;
    let parent = index;
    for (;;) {
      const left = 2 * parent + 1;
      const right = left + 1;
      let least = parent;
      if (left < items.length && this.#compare(items[left] as T, items[least] as T) < 0) least = left;
      if (right < items.length && this.#compare(items[right] as T, items[least] as T) < 0) least = right;
      if (least === parent) return;
      [items[parent], items[least]] = [items[least] as T, items[parent] as T];
      parent = least;
    }
  }
}
