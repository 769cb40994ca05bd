// A connector limiter whose budget every worker shares: requests spaced evenly by slots reserved in a RateSlots keeper, and a 429 or an exhausted reset from the platform pausing them all.
import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { RateLimit, RateLimitReading } from '../../connectors/requests/rate-limiter.ts';
import type {
  LimiterBucket,
  LimiterFactory,
  RequestLimiter,
} from '../../connectors/requests/request-limiter.ts';
import type { RateSlots, SlotBucket } from './rate-slots.ts';

/** The bucket's id: a hash of platform, API base, endpoint family and API key — the key is never stored or logged. */
export function slotBucketOf(bucket: LimiterBucket): SlotBucket {
  const id = createHash('sha256')
    .update([bucket.platform, bucket.service, bucket.purpose, bucket.credential ?? ''].join('\n'))
    .digest('hex');
  return { id, platform: bucket.platform, purpose: bucket.purpose };
}

/**
 * Requests reach the server earlier or later than their slot by timer and network jitter (tens of ms on a loaded
 * machine): slots 5 % further apart than the budget keep every window the server counts under it.
 */
export const SLOT_MARGIN = 1.05;

/**
 * Spaces requests `windowMs / requests` apart (and the margin) across every worker, so no window of `windowMs`
 * anywhere holds more than `requests` of them — a burst is given up for that guarantee. What the platform
 * says wins: a limit in its headers lower than the budget (over their window, when they say one, else the
 * budget's) widens the spacing of every worker on the bucket; a 429 (its Retry-After) or headers saying nothing
 * remains (until their reset) pause them all.
 */
export class SharedRateLimiter implements RequestLimiter {
  readonly limit: RateLimit;
  readonly #slots: RateSlots;
  readonly #bucket: SlotBucket;
  readonly #intervalMs: number;
  /** Pauses being written: the next reservation waits for them, so this worker never runs ahead of its own 429. */
  #writes: Promise<unknown> = Promise.resolve();
  #granted = 0;
  #pausedUntil = 0;
  /** The spacing the platform's stated limit implies, as this limiter last told the slots (0: none said). */
  #serverIntervalMs = 0;

  constructor(slots: RateSlots, bucket: LimiterBucket) {
    if (!(bucket.limit.requests >= 1) || !(bucket.limit.windowMs > 0))
      throw new RangeError(
        `a rate limit needs at least 1 request per window, got ${bucket.limit.requests}/${bucket.limit.windowMs} ms`,
      );
    this.limit = bucket.limit;
    this.#slots = slots;
    this.#bucket = slotBucketOf(bucket);
    this.#intervalMs = (bucket.limit.windowMs / bucket.limit.requests) * SLOT_MARGIN;
  }

  async acquire(signal?: AbortSignal): Promise<number> {
    for (;;) {
      signal?.throwIfAborted();
      await this.#writes;
      const wait = await this.#slots.reserve(this.#bucket, this.#intervalMs);
      if (wait > 0) await delay(wait, undefined, { signal });
      // A pause written while this slot was waiting (another worker's 429) moves it past the pause.
      if (wait === 0 || (await this.#slots.pausedFor(this.#bucket)) === 0) return ++this.#granted;
    }
  }

  observe(reading: RateLimitReading, _seq: number): void {
    if (reading.limit !== undefined && reading.limit > 0) {
      const window = reading.windowMs ?? this.limit.windowMs;
      const spacing = (window / reading.limit) * SLOT_MARGIN;
      // Written when it changes (once per limiter, in practice): the slots' row carries it to every worker.
      if (Math.abs(spacing - this.#serverIntervalMs) >= 1) {
        this.#serverIntervalMs = spacing;
        const write = this.#slots.limitSpacing(this.#bucket, spacing);
        this.#writes = this.#writes.then(() => write).catch(() => undefined);
      }
    }
    if (reading.remaining === 0 && reading.resetAt !== undefined) this.pauseUntil(reading.resetAt);
  }

  pauseUntil(time: number): void {
    const ms = time - Date.now();
    if (ms <= 0) return;
    this.#pausedUntil = Math.max(this.#pausedUntil, time);
    const write = this.#slots.pause(this.#bucket, ms);
    // A failed write is felt at the next reservation, which fails the same way.
    this.#writes = this.#writes.then(() => write).catch(() => undefined);
  }

  estimateMs(requests: number): number {
    return (
      Math.max(0, this.#pausedUntil - Date.now()) +
      requests * Math.max(this.#intervalMs, this.#serverIntervalMs)
    );
  }
}

/** The limiter factory of a worker: every bucket's requests drawn from `slots`. */
export function sharedLimiters(slots: RateSlots): LimiterFactory {
  return (bucket) => new SharedRateLimiter(slots, bucket);
}
