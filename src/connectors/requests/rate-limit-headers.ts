// Reads the rate-limit headers each platform answers with: Mastodon's X-RateLimit-*, atproto's RateLimit-*, X's x-rate-limit-*, and Retry-After.
import type { RateLimitReading } from './rate-limiter.ts';

/** Epoch seconds are above this; smaller numbers are seconds from now (the IETF draft's delta-seconds). */
const EPOCH_SECONDS_FLOOR = 1e9;

function readCount(headers: Headers, name: string): number | undefined {
  const text = headers.get(name);
  if (text === null || text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** A reset given as epoch seconds (X, atproto), seconds from now (the IETF draft) or an ISO 8601 time (Mastodon). */
export function readResetTime(text: string | null, now: number): number | undefined {
  if (text === null || text.trim() === '') return undefined;
  const n = Number(text);
  if (Number.isFinite(n) && n >= 0) return n >= EPOCH_SECONDS_FLOOR ? n * 1000 : now + n * 1000;
  const time = Date.parse(text);
  return Number.isFinite(time) ? time : undefined;
}

function readHeaders(headers: Headers, prefix: string, now: number): RateLimitReading {
  return {
    limit: readCount(headers, `${prefix}-limit`),
    remaining: readCount(headers, `${prefix}-remaining`),
    resetAt: readResetTime(headers.get(`${prefix}-reset`), now),
  };
}

/** Mastodon: X-RateLimit-Limit, -Remaining and -Reset (an ISO 8601 time). https://docs.joinmastodon.org/api/rate-limits/ */
export function readMastodonRateLimit(headers: Headers, now = Date.now()): RateLimitReading {
  return readHeaders(headers, 'x-ratelimit', now);
}

/** The window of an IETF-draft policy (`3000;w=300`: 3,000 requests per 300 s), in ms. */
export function readPolicyWindow(text: string | null): number | undefined {
  const seconds = Number(/(?:^|;)\s*w\s*=\s*(\d+(?:\.\d+)?)\s*(?:;|,|$)/.exec(text ?? '')?.[1]);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

/** atproto services: RateLimit-Limit, -Remaining, -Reset (epoch seconds) and -Policy, as the IETF draft names them. */
export function readAtprotoRateLimit(headers: Headers, now = Date.now()): RateLimitReading {
  const reading = readHeaders(headers, 'ratelimit', now);
  const windowMs = readPolicyWindow(headers.get('ratelimit-policy'));
  return windowMs === undefined ? reading : { ...reading, windowMs };
}

/** X API v2: x-rate-limit-limit, -remaining and -reset (epoch seconds). https://docs.x.com/fundamentals/rate-limits */
export function readXRateLimit(headers: Headers, now = Date.now()): RateLimitReading {
  return readHeaders(headers, 'x-rate-limit', now);
}

/** Retry-After: seconds to wait, or an HTTP date (RFC 9110 §10.2.3). */
export function readRetryAfter(headers: Headers, now = Date.now()): number | undefined {
  const text = headers.get('retry-after');
  if (text === null || text.trim() === '') return undefined;
  const seconds = Number(text);
  if (Number.isFinite(seconds) && seconds >= 0) return now + seconds * 1000;
  const time = Date.parse(text);
  return Number.isFinite(time) ? time : undefined;
}
