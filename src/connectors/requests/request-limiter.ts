// What a connector's requests wait on: a limiter per platform endpoint, made by a factory so a worker can share one budget with every other worker.
import type { Platform } from '../../core/account.ts';

/** A budget of requests per window: what a platform publishes (Mastodon: 300 per 5 minutes) or the user sets. */
export interface RateLimit {
  requests: number;
  windowMs: number;
}

/** What one response's rate-limit headers said; fields a server did not send are undefined. */
export interface RateLimitReading {
  limit?: number;
  remaining?: number;
  /** When the server's window ends, in epoch milliseconds. */
  resetAt?: number;
  /** The window `limit` counts over, when the server says (atproto's `RateLimit-Policy: 3000;w=300`). */
  windowMs?: number;
}

/** Paces one budget of requests: the connector asks before each request and reports what the answer said. */
export interface RequestLimiter {
  readonly limit: RateLimit;
  /** Waits until one more request fits; returns its sequence number (for `observe`). */
  acquire(signal?: AbortSignal): Promise<number>;
  /** The rate-limit headers of the answer to request `seq` (nothing, when no answer came). */
  observe(reading: RateLimitReading, seq: number): void;
  /** The server refused a request for the rate (429): nothing more before `time` (epoch ms). */
  pauseUntil(time: number): void;
  /** How long `requests` more requests take at this limit, for the ETA. */
  estimateMs(requests: number): number;
}

/** Whose budget a limiter spends: one platform's endpoint on one API base, under one credential. */
export interface LimiterBucket {
  platform: Platform;
  service: string;
  /** The endpoint family the platform counts apart (X counts followers and lookups apart). */
  purpose: 'followers' | 'lookup';
  limit: RateLimit;
  /** The API key the requests carry (X's bearer token); a shared limiter keeps only its hash. */
  credential?: string;
}

export type LimiterFactory = (bucket: LimiterBucket) => RequestLimiter;
