// Bursts: the same visitor on the same link counts once an hour — the first click opens an hour in which the rest are repeats.

export const REPEAT_WINDOW_MS = 60 * 60 * 1000;

/** A human hit as the repeat rule sees it. */
export interface VisitorHit {
  linkId: number;
  visitorKey: string;
  at: Date;
}

/**
 * For hits in time order, whether each is a repeat: it falls within an hour of the last counted hit of the same
 * visitor on the same link. The same rule runs as hits arrive (RepeatMemory) and over stored hits, where it also
 * catches repeats that reached different redirect machines.
 */
export function markRepeats(hits: readonly VisitorHit[]): boolean[] {
  const counted = new Map<string, number>();
  return hits.map((hit) => {
    const key = `${hit.linkId}\u0000${hit.visitorKey}`;
    const time = hit.at.getTime();
    const last = counted.get(key);
    if (last !== undefined && time - last < REPEAT_WINDOW_MS) return true;
    counted.set(key, time);
    return false;
  });
}

/** The rule as hits arrive in one process, forgetting visitors after their hour so memory stays bounded. */
export class RepeatMemory {
  readonly #counted = new Map<string, number>();
  #lastSweep = 0;

  /** True when this human hit repeats a counted one; otherwise it is counted and remembered. */
  isRepeat(linkId: number, visitorKey: string, at: number): boolean {
    if (at - this.#lastSweep > REPEAT_WINDOW_MS) this.#sweep(at);
    const key = `${linkId}\u0000${visitorKey}`;
    const last = this.#counted.get(key);
    if (last !== undefined && at - last < REPEAT_WINDOW_MS) return true;
    this.#counted.set(key, at);
    return false;
  }

  get size(): number {
    return this.#counted.size;
  }

  #sweep(now: number): void {
    for (const [key, time] of this.#counted) if (now - time >= REPEAT_WINDOW_MS) this.#counted.delete(key);
    this.#lastSweep = now;
  }
}
