// One JSON GET against a platform API: waits its turn under the rate limit, times out, retries what can pass later, names what cannot.
import pRetry, { AbortError } from 'p-retry';
import {
  ApiRefusedError,
  ApiUnavailableError,
  RateLimitedError,
  serverWords,
  TransientApiError,
} from './api-errors.ts';
import { readRetryAfter } from './rate-limit-headers.ts';
import type { RateLimitReading } from './rate-limiter.ts';
import type { RequestLimiter } from './request-limiter.ts';

export interface RetryPolicy {
  /** Attempts after the first one, for 5xx answers, timeouts and network errors. */
  retries: number;
  /** The wait before the first retry; it doubles with each one (with jitter). */
  minDelayMs: number;
  /** One attempt's time limit, answer body included. */
  timeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 5, minDelayMs: 1000, timeoutMs: 30_000 };

/** The largest answer read: a page of followers is well under a megabyte; past this the body is not an API's. */
export const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
/** The longest wait a Retry-After or rate-limit reset may ask for; a server asking more fails the fetch with its time. */
export const MAX_RATE_LIMIT_WAIT_MS = 15 * 60_000;
/** Redirects followed, all on the host asked: one to another host is refused (it would get the token). */
const MAX_REDIRECTS = 5;

export interface ApiClientOptions {
  /** The service's name in messages: "Mastodon", "Bluesky", "X". */
  service: string;
  readRateLimit: (headers: Headers) => RateLimitReading;
  headers?: Readonly<Record<string, string>>;
  retry: RetryPolicy;
  /** Told about each retry and rate-limit wait, for the user. */
  onRetry?: (message: string) => void;
  /** The largest answer body read (MAX_RESPONSE_BYTES by default). */
  maxResponseBytes?: number;
  /** The longest rate-limit wait accepted (MAX_RATE_LIMIT_WAIT_MS by default). */
  maxRateLimitWaitMs?: number;
}

export interface ApiResponse {
  /** The address that answered (after redirects, which stay on the host asked). */
  url: string;
  headers: Headers;
  body: unknown;
  receivedAt: Date;
}

/** 429s in a row before giving up: a server that keeps refusing after its own reset is not going to let the fetch through. */
const MAX_RATE_LIMITED_IN_A_ROW = 20;
/**
 * The wait after a 429 that names no time still ahead: X and atproto give their resets in whole seconds, so a request
 * sent at the reset they name can land up to a second early.
 */
const RATE_LIMITED_FALLBACK_MS = 1000;

function describeFailure(error: unknown): string {
  const cause = (error as Error & { cause?: unknown }).cause;
  const detail = cause instanceof Error ? `: ${cause.message}` : '';
  return `${(error as Error).message}${detail}`;
}

export class ApiClient {
  readonly options: ApiClientOptions;

  constructor(options: ApiClientOptions) {
    this.options = options;
  }

  /** GETs `url` under `limiter`; resolves with the parsed JSON body of a 2xx answer. */
  async getJson(url: URL, limiter: RequestLimiter, signal: AbortSignal): Promise<ApiResponse> {
    const { service, retry, onRetry } = this.options;
    const attempts = retry.retries + 1;
    for (let rateLimited = 0; ; ) {
      try {
        return await pRetry(() => this.#attempt(url, limiter, signal), {
          retries: retry.retries,
          minTimeout: retry.minDelayMs,
          maxTimeout: 60_000,
          factor: 2,
          randomize: true,
          signal,
          onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
            if (retriesLeft > 0) {
              onRetry?.(
                `${service}: ${describeFailure(error)}; trying again (attempt ${attemptNumber + 1} of ${attempts})`,
              );
            }
          },
        });
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        if (error instanceof RateLimitedError && ++rateLimited <= MAX_RATE_LIMITED_IN_A_ROW) {
          onRetry?.(`${service}: rate limited (429); waiting until ${new Date(error.until).toISOString()}`);
          continue;
        }
        if (error instanceof ApiRefusedError) throw error;
        throw new ApiUnavailableError(service, url.href, attempts, describeFailure(error));
      }
    }
  }

  /**
   * A wait the server asks for, as a time no further than the longest accepted wait: a reset years ahead (or a
   * timer past 2^31 ms, which Node fires at once) must neither stall the fetch nor spin it.
   */
  #boundedReading(reading: RateLimitReading, now: number): RateLimitReading {
    const cap = now + (this.options.maxRateLimitWaitMs ?? MAX_RATE_LIMIT_WAIT_MS);
    return reading.resetAt !== undefined && reading.resetAt > cap ? { ...reading, resetAt: cap } : reading;
  }

  async #attempt(url: URL, limiter: RequestLimiter, signal: AbortSignal): Promise<ApiResponse> {
    const { retry } = this.options;
    const seq = await limiter.acquire(signal);
    // One controller for the caller's abort and this attempt's time limit (AbortSignal.any can lose its timeout
    // on Node 20); the limit covers the body too, read under the same signal.
    const attempt = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      attempt.abort(new Error('timeout'));
    }, retry.timeoutMs);
    const onAbort = () => attempt.abort(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    try {
      return await this.#exchange(url, limiter, seq, attempt.signal);
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (timedOut) throw new TransientApiError(`no complete answer within ${retry.timeoutMs / 1000} s`);
      throw error;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** The request, its same-host redirects and the answer's body, read up to the size limit. */
  async #exchange(url: URL, limiter: RequestLimiter, seq: number, signal: AbortSignal): Promise<ApiResponse> {
    const { service, readRateLimit, headers } = this.options;
    let address = url;
    let response: Response;
    for (let redirects = 0; ; redirects += 1) {
      try {
        response = await fetch(address, {
          headers: { accept: 'application/json', ...headers },
          signal,
          redirect: 'manual',
        });
      } catch (error) {
        if (redirects === 0) limiter.observe({}, seq);
        throw this.#transportFailure(error, signal);
      }
      if (response.status < 300 || response.status >= 400 || response.status === 304) break;
      await response.body?.cancel().catch(() => undefined);
      const location = response.headers.get('location');
      const target = location === null ? undefined : new URL(location, address);
      if (target === undefined || target.origin !== url.origin)
        throw new AbortError(
          new ApiRefusedError(
            service,
            url.href,
            response.status,
            target === undefined
              ? 'a redirect without a Location'
              : `redirected to another host, ${target.origin}: not followed, the request carries your credentials`,
          ),
        );
      if (redirects >= MAX_REDIRECTS)
        throw new AbortError(new ApiRefusedError(service, url.href, response.status, 'too many redirects'));
      address = target;
    }
    const now = Date.now();
    limiter.observe(this.#boundedReading(readRateLimit(response.headers), now), seq);
    if (response.status === 429) {
      await response.body?.cancel().catch(() => undefined);
      const named = readRetryAfter(response.headers, now) ?? readRateLimit(response.headers).resetAt;
      const maxWait = this.options.maxRateLimitWaitMs ?? MAX_RATE_LIMIT_WAIT_MS;
      if (named !== undefined && named - now > maxWait)
        throw new AbortError(
          new ApiRefusedError(
            service,
            url.href,
            429,
            `rate limited until ${Number.isFinite(named) && named < 8.64e15 ? new Date(named).toISOString() : 'an unreadable time'}, more than the ${maxWait / 60_000} min realreach waits; run the fetch again later (it resumes from its checkpoint)`,
          ),
        );
      const until = named !== undefined && named > now ? named : now + RATE_LIMITED_FALLBACK_MS;
      limiter.pauseUntil(until);
      throw new AbortError(new RateLimitedError(until));
    }
    const text = await this.#readBody(response, url, signal);
    if (response.status >= 500) {
      const words = serverWords(text);
      throw new TransientApiError(`${response.status} ${response.statusText}${words ? ` ("${words}")` : ''}`);
    }
    if (!response.ok) {
      throw new AbortError(new ApiRefusedError(service, url.href, response.status, serverWords(text)));
    }
    try {
      return {
        url: address.href,
        headers: response.headers,
        body: JSON.parse(text),
        receivedAt: new Date(),
      };
    } catch {
      throw new TransientApiError(
        `${response.status} with a body that is not JSON (${text.length} characters)`,
      );
    }
  }

  /** The body as text, refused (not retried: it would be as large again) past the size limit. */
  async #readBody(response: Response, url: URL, signal: AbortSignal): Promise<string> {
    const limit = this.options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
    const declared = Number(response.headers.get('content-length'));
    const tooLarge = () =>
      new AbortError(
        new ApiRefusedError(
          this.options.service,
          url.href,
          response.status,
          `the answer is larger than ${Math.round(limit / 1024 / 1024)} MiB, not an API page; not read`,
        ),
      );
    if (Number.isFinite(declared) && declared > limit) {
      await response.body?.cancel().catch(() => undefined);
      throw tooLarge();
    }
    if (response.body === null) return '';
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let length = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        length += value.byteLength;
        if (length > limit) {
          await reader.cancel().catch(() => undefined);
          throw tooLarge();
        }
        chunks.push(value);
      }
    } catch (error) {
      if (error instanceof AbortError) throw error;
      throw this.#transportFailure(error, signal);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  /** A request that got no complete answer: the caller's abort goes through as is; timeouts and lost connections are worth another attempt. */
  #transportFailure(error: unknown, signal: AbortSignal): unknown {
    if (signal.aborted) return error;
    if ((error as Error).name === 'TimeoutError') {
      return new TransientApiError(`no complete answer within ${this.options.retry.timeoutMs / 1000} s`);
    }
    return new TransientApiError(`the connection failed: ${describeFailure(error)}`);
  }
}
