// The request slots every worker draws from, per platform and API key: the interface, and the in-process implementation that SQLite (laptop) mode uses.

/** Whose slots: a bucket's id is a hash (the API key is never kept), its platform and endpoint family are for operators. */
export interface SlotBucket {
  id: string;
  platform: string;
  purpose: string;
}

/**
 * Hands out request times spaced at least `intervalMs` apart per bucket, to every caller together. Times are given
 * as waits from now, so the clocks of the machines asking never matter — only the slot keeper's.
 */
export interface RateSlots {
  /** Reserves the bucket's next slot, no sooner than its pause ends; resolves with the wait until it (ms, >= 0). */
  reserve(bucket: SlotBucket, intervalMs: number): Promise<number>;
  /** Nothing of the bucket goes for the next `ms` (a 429's Retry-After, a reset with nothing left): every caller waits. */
  pause(bucket: SlotBucket, ms: number): Promise<void>;
  /** How long the bucket's pause still lasts (ms, 0 when none). */
  pausedFor(bucket: SlotBucket): Promise<number>;
  /**
   * The spacing the platform's own limit implies for the bucket (its rate-limit headers): from now on every
   * caller's slots are at least this far apart, or the spacing it reserves with when that is wider. The latest
   * word wins (0 forgets it).
   */
  limitSpacing(bucket: SlotBucket, intervalMs: number): Promise<void>;
  close(): Promise<void>;
}

/** Slots kept in this process: every fetch worked by this process shares them (the embedded SQLite mode). */
export class InProcessRateSlots implements RateSlots {
  readonly #buckets = new Map<string, { nextSlot: number; pausedUntil: number; serverInterval: number }>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  async reserve(bucket: SlotBucket, intervalMs: number): Promise<number> {
    const now = this.#now();
    const state = this.#buckets.get(bucket.id) ?? { nextSlot: now, pausedUntil: 0, serverInterval: 0 };
    const slot = Math.max(state.nextSlot, now, state.pausedUntil);
    this.#buckets.set(bucket.id, { ...state, nextSlot: slot + Math.max(intervalMs, state.serverInterval) });
    return slot - now;
  }

  async pause(bucket: SlotBucket, ms: number): Promise<void> {
    const until = this.#now() + ms;
    const state = this.#buckets.get(bucket.id) ?? { nextSlot: until, pausedUntil: until, serverInterval: 0 };
    this.#buckets.set(bucket.id, {
      ...state,
      nextSlot: Math.max(state.nextSlot, until),
      pausedUntil: Math.max(state.pausedUntil, until),
    });
  }

  async limitSpacing(bucket: SlotBucket, intervalMs: number): Promise<void> {
    const now = this.#now();
    const state = this.#buckets.get(bucket.id) ?? { nextSlot: now, pausedUntil: 0, serverInterval: 0 };
    this.#buckets.set(bucket.id, { ...state, serverInterval: Math.max(0, intervalMs) });
  }

  async pausedFor(bucket: SlotBucket): Promise<number> {
    return Math.max(0, (this.#buckets.get(bucket.id)?.pausedUntil ?? 0) - this.#now());
  }

  async close(): Promise<void> {}
}
