// Slows guessing: failed sign-ins and refused API tokens are counted per client, and a client past the limit waits (429) until its window clears.

import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

export interface ThrottleLimits {
  /** Failures a client may have in one window before it is refused. */
  failures: number;
  windowMs: number;
}

export const DEFAULT_THROTTLE: ThrottleLimits = { failures: 10, windowMs: 60_000 };
/** Clients remembered at most: the oldest are forgotten first, so a flood of addresses cannot fill memory. */
const MAX_CLIENTS = 10_000;

export class FailureThrottle {
  readonly #limits: ThrottleLimits;
  /** Times of each client's recent failures, oldest first. */
  readonly #failures = new Map<string, number[]>();

  constructor(limits: ThrottleLimits = DEFAULT_THROTTLE) {
    this.#limits = limits;
  }

  #recent(client: string, now: number): number[] {
    const times = (this.#failures.get(client) ?? []).filter((time) => now - time < this.#limits.windowMs);
    if (times.length === 0) this.#failures.delete(client);
    else this.#failures.set(client, times);
    return times;
  }

  /** Seconds the client must wait before trying again, or undefined when it may try now. */
  retryAfter(client: string, now: number = Date.now()): number | undefined {
    const times = this.#recent(client, now);
    if (times.length < this.#limits.failures) return undefined;
    return Math.max(1, Math.ceil(((times[0] as number) + this.#limits.windowMs - now) / 1000));
  }

  fail(client: string, now: number = Date.now()): void {
    const times = this.#recent(client, now);
    times.push(now);
    this.#failures.delete(client);
    this.#failures.set(client, times);
    if (this.#failures.size > MAX_CLIENTS) {
      const oldest = this.#failures.keys().next().value;
      if (oldest !== undefined) this.#failures.delete(oldest);
    }
  }
}

/**
 * Who the client is, for throttling: the socket's address, or — behind a proxy the server is told to trust — the
 * address the proxy put last in X-Forwarded-For (the one it saw; earlier entries are the client's own say).
 */
export function clientKey(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Whether the request came over https: its own URL, or the proxy's X-Forwarded-Proto when the proxy is trusted. */
export function isHttps(c: Context, trustProxy: boolean): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return trustProxy && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() === 'https';
}
