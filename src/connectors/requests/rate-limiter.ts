// Paces requests to a platform's rate limit: the configured budget per window, kept in step with the limit headers the server answers with.
import { setTimeout as delay } from 'node:timers/promises';
import type { LimiterFactory, RateLimit, RateLimitReading, RequestLimiter } from './request-limiter.ts';

export type { RateLimit, RateLimitReading } from './request-limiter.ts';

const MAX_TIMER_MS = 2 ** 31 - 1;

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => delay(ms, undefined, { signal }),
};

/** Two resets closer than this name the same server window (servers round them to the second). */
const SAME_WINDOW_MS = 1000;

/**
 * Grants requests in order, as many per window as both budgets allow: the configured one (windows of its own that
 * start at the first request) and the server's (what its headers last said remained, until its reset). A window's
 * budget is spent as fast as requests come, so a fetch runs as fast as the limit allows and no faster.
 */
export class RateLimiter implements RequestLimiter {
  readonly limit: RateLimit;
  readonly #clock: Clock;
  #ownRemaining = 0;
  #ownResetAt = Number.NEGATIVE_INFINITY;
  #serverLimit: number | undefined;
  /** What the server said remained once it had counted request number #serverSeq. */
  #serverRemaining = Number.POSITIVE_INFINITY;
  #serverSeq = 0;
  #serverResetAt = Number.NEGATIVE_INFINITY;
  /** Whether #serverResetAt is the server's word, or only a guess of one window past the last reset. */
  #serverResetKnown = false;
  /** Requests granted so far; each grant's number is its sequence number. */
  #granted = 0;
  /** Requests granted and not yet answered: the server may count them in its next window. */
  readonly #unanswered = new Set<number>();
  #turn: Promise<unknown> = Promise.resolve();

  constructor(limit: RateLimit, clock: Clock = systemClock) {
    if (!(limit.requests >= 1) || !(limit.windowMs > 0)) {
      throw new RangeError(
        `a rate limit needs at least 1 request per window, got ${limit.requests}/${limit.windowMs} ms`,
      );
    }
    this.limit = limit;
    this.#clock = clock;
  }

  /** Waits until one more request fits, counts it and returns its sequence number (for `observe`). First come, first served. */
  acquire(signal?: AbortSignal): Promise<number> {
    const granted = this.#turn.then(() => this.#take(signal));
    this.#turn = granted.catch(() => undefined);
    return granted;
  }

  /** Takes in the answer to request number `seq`: what its rate-limit headers said (nothing, when no answer came). */
  observe(reading: RateLimitReading, seq: number): void {
    this.#unanswered.delete(seq);
    if (reading.limit !== undefined && reading.limit > 0) this.#serverLimit = reading.limit;
    const { remaining, resetAt } = reading;
    if (remaining === undefined || resetAt === undefined || resetAt <= this.#clock.now()) return;
    const sameWindow = Math.abs(resetAt - this.#serverResetAt) < SAME_WINDOW_MS;
    if (this.#serverResetKnown) {
      // a late answer from an earlier window, or an older answer in this one, says less than what is known
      if (resetAt < this.#serverResetAt - SAME_WINDOW_MS || (sameWindow && seq < this.#serverSeq)) return;
    }
    this.#serverRemaining = remaining;
    this.#serverSeq = seq;
    this.#serverResetAt =
      this.#serverResetKnown && sameWindow ? Math.max(resetAt, this.#serverResetAt) : resetAt;
    this.#serverResetKnown = true;
  }

  /** The server refused a request for the rate (429): send nothing more before `time`. */
  pauseUntil(time: number): void {
    this.#serverRemaining = 0;
    this.#serverSeq = this.#granted;
    this.#serverResetAt = time;
    this.#serverResetKnown = true;
  }

  /** How long `requests` more requests take at this limit from now, leaving out the time the server takes to answer. */
  estimateMs(requests: number): number {
    const now = this.#clock.now();
    const ownOpen = now < this.#ownResetAt;
    const serverOpen = now < this.#serverResetAt;
    const ownLeft = ownOpen ? this.#ownRemaining : this.limit.requests;
    const serverLeft = serverOpen
      ? this.#serverRemaining - (this.#granted - this.#serverSeq)
      : (this.#serverLimit ?? Number.POSITIVE_INFINITY);
    const left = Math.max(0, Math.min(ownLeft, serverLeft));
    if (requests <= left) return 0;
    // the budget that runs out first refills at its window's end (a window not yet open ends one window from now)
    const ownReset = ownOpen ? this.#ownResetAt : now + this.limit.windowMs;
    const serverReset = serverOpen ? this.#serverResetAt : now + this.limit.windowMs;
    const refill = ownLeft <= serverLeft ? ownReset : serverReset;
    const perWindow = Math.min(this.limit.requests, this.#serverLimit ?? Number.POSITIVE_INFINITY);
    return refill - now + Math.floor((requests - left - 1) / perWindow) * this.limit.windowMs;
  }

  async #take(signal?: AbortSignal): Promise<number> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.#clock.now();
      if (now >= this.#ownResetAt) {
        this.#ownRemaining = this.limit.requests;
        this.#ownResetAt = now + this.limit.windowMs;
      }
      if (now >= this.#serverResetAt) {
        // the server's window is over: its full budget, less requests still on their way that it may count in
        // the new window, until its next answer says otherwise
        this.#serverRemaining = (this.#serverLimit ?? Number.POSITIVE_INFINITY) - this.#unanswered.size;
        this.#serverSeq = this.#granted;
        this.#serverResetAt = now + this.limit.windowMs;
        this.#serverResetKnown = false;
      }
      const serverLeft = this.#serverRemaining - (this.#granted - this.#serverSeq);
      if (this.#ownRemaining > 0 && serverLeft > 0) {
        this.#ownRemaining--;
        this.#granted++;
        this.#unanswered.add(this.#granted);
        return this.#granted;
      }
      const until = Math.max(
        this.#ownRemaining > 0 ? now : this.#ownResetAt,
        serverLeft > 0 ? now : this.#serverResetAt,
      );
      // A timer past 2^31 - 1 ms fires at once in Node: a far reset would spin instead of wait.
      await this.#clock.sleep(Math.min(MAX_TIMER_MS, Math.max(1, until - now)), signal);
    }
  }
}

/** The default limiter factory: a limiter of this process alone, as `realreach fetch` uses. */
export const processLimiter: LimiterFactory = (bucket) => new RateLimiter(bucket.limit);
