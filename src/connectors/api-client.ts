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
import type { RateLimiter, RateLimitReading } from './rate-limiter.ts';

export interface RetryPolicy {
  /** Attempts after the first one, for 5xx answers, timeouts and network errors. */
  retries: number;
  /** The wait before the first retry; it doubles with each one (with jitter). */
  minDelayMs: number;
  /** One attempt's time limit, answer body included. */
  timeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 5, minDelayMs: 1000, timeoutMs: 30_000 };

export interface ApiClientOptions {
  /** The service's name in messages: "Mastodon", "Bluesky", "X". */
  service: string;
  readRateLimit: (headers: Headers) => RateLimitReading;
  headers?: Readonly<Record<string, string>>;
  retry: RetryPolicy;
  /** Told about each retry and rate-limit wait, for the user. */
  onRetry?: (message: string) => void;
}

export interface ApiResponse {
  /** The address that answered (after redirects). */
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
  async getJson(url: URL, limiter: RateLimiter, signal: AbortSignal): Promise<ApiResponse> {
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

  async #attempt(url: URL, limiter: RateLimiter, signal: AbortSignal): Promise<ApiResponse> {
    const { service, retry, readRateLimit, headers } = this.options;
    const seq = await limiter.acquire(signal);
    const attemptSignal = AbortSignal.any([signal, AbortSignal.timeout(retry.timeoutMs)]);
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { accept: 'application/json', ...headers },
        signal: attemptSignal,
      });
    } catch (error) {
      limiter.observe({}, seq);
      throw this.#transportFailure(error, signal);
    }
    limiter.observe(readRateLimit(response.headers), seq);
    if (response.status === 429) {
      await response.body?.cancel();
      const now = Date.now();
      const named = readRetryAfter(response.headers, now) ?? readRateLimit(response.headers).resetAt;
      const until = named !== undefined && named > now ? named : now + RATE_LIMITED_FALLBACK_MS;
      limiter.pauseUntil(until);
      throw new AbortError(new RateLimitedError(until));
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw this.#transportFailure(error, signal);
    }
    if (response.status >= 500) {
      const words = serverWords(text);
      throw new TransientApiError(`${response.status} ${response.statusText}${words ? ` ("${words}")` : ''}`);
    }
    if (!response.ok) {
      throw new AbortError(new ApiRefusedError(service, url.href, response.status, serverWords(text)));
    }
    try {
      return {
        url: response.url || url.href,
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

  /** A request that got no complete answer: the caller's abort goes through as is; timeouts and lost connections are worth another attempt. */
  #transportFailure(error: unknown, signal: AbortSignal): unknown {
    if (signal.aborted) return error;
    if ((error as Error).name === 'TimeoutError') {
      return new TransientApiError(`no complete answer within ${this.options.retry.timeoutMs / 1000} s`);
    }
    return new TransientApiError(`the connection failed: ${describeFailure(error)}`);
  }
}
