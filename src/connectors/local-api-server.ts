// An HTTP server on 127.0.0.1 that stands in for a platform API in tests and benchmarks: routes, a rate limit with the platform's headers, injected faults, a request log.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

/** Whose rate-limit headers the server sends: Mastodon's X-RateLimit-* (ISO reset), atproto's RateLimit-* (epoch seconds), X's x-rate-limit-*. */
export type RateLimitStyle = 'mastodon' | 'atproto' | 'x';

export interface ServerRateLimit {
  requests: number;
  /** Windows are aligned to multiples of this since the epoch, as Mastodon's (rack-attack) are. */
  windowMs: number;
  style: RateLimitStyle;
  /** Requests sharing a budget: one for the whole API by default; X counts per endpoint. */
  bucketOf?: (url: URL) => string;
}

export interface JsonAnswer {
  status?: number;
  body: unknown;
  headers?: Readonly<Record<string, string>>;
}

/** Answers a request, or returns undefined to leave it to the next route. */
export type Route = (url: URL, request: IncomingMessage) => JsonAnswer | undefined;

/** What the next matching request gets instead of its answer (or before it, for `delayMs`). */
export interface Fault {
  status?: number;
  retryAfterSeconds?: number;
  delayMs?: number;
  /** Close the connection without an answer. */
  hangUp?: boolean;
}

export interface LoggedRequest {
  path: string;
  startedAt: number;
  endedAt: number;
  status: number;
}

export interface LocalApiServer {
  /** `http://127.0.0.1:<port>`: give it to a connector as its base URL. */
  url: string;
  requests: LoggedRequest[];
  /** Queues faults for the next requests whose address `match`es (all requests by default). */
  injectFaults(faults: readonly Fault[], match?: (url: URL) => boolean): void;
  close(): Promise<void>;
}

export interface LocalApiServerOptions {
  routes: readonly Route[];
  rateLimit?: ServerRateLimit;
  latencyMs?: number;
  /** The 429 body in the platform's own words. */
  rateLimitedBody: unknown;
  notFound: (url: URL) => JsonAnswer;
}

function rateLimitHeaders(
  style: RateLimitStyle,
  limit: number,
  remaining: number,
  resetAt: number,
  windowMs: number,
): Record<string, string> {
  switch (style) {
    case 'mastodon':
      return {
        'x-ratelimit-limit': String(limit),
        'x-ratelimit-remaining': String(remaining),
        'x-ratelimit-reset': new Date(resetAt).toISOString(),
      };
    case 'atproto':
      return {
        'ratelimit-limit': String(limit),
        'ratelimit-remaining': String(remaining),
        'ratelimit-reset': String(Math.floor(resetAt / 1000)),
        'ratelimit-policy': `${limit};w=${Math.round(windowMs / 1000)}`,
      };
    case 'x':
      return {
        'x-rate-limit-limit': String(limit),
        'x-rate-limit-remaining': String(remaining),
        'x-rate-limit-reset': String(Math.floor(resetAt / 1000)),
      };
  }
}

export async function startLocalApiServer(options: LocalApiServerOptions): Promise<LocalApiServer> {
  const faults: { fault: Fault; match: (url: URL) => boolean }[] = [];
  const windows = new Map<string, { start: number; used: number }>();
  const requests: LoggedRequest[] = [];
  const latencyMs = options.latencyMs ?? 0;

  /** Counts the request in its window; the headers to send and whether it is over the limit. */
  function countRequest(
    url: URL,
  ): { headers: Record<string, string>; over: boolean; resetAt: number } | undefined {
    const limit = options.rateLimit;
    if (!limit) return undefined;
    const now = Date.now();
    const start = now - (now % limit.windowMs);
    const bucket = limit.bucketOf?.(url) ?? 'api';
    let window = windows.get(bucket);
    if (!window || window.start !== start) {
      window = { start, used: 0 };
      windows.set(bucket, window);
    }
    const over = window.used >= limit.requests;
    if (!over) window.used++;
    const resetAt = start + limit.windowMs;
    const headers = rateLimitHeaders(
      limit.style,
      limit.requests,
      limit.requests - window.used,
      resetAt,
      limit.windowMs,
    );
    return { headers, over, resetAt };
  }

  const server = createServer(async (request, response) => {
    const startedAt = Date.now();
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      requests.push({ path: url.pathname + url.search, startedAt, endedAt: Date.now(), status });
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      response.end(JSON.stringify(body));
    };
    const faultIndex = faults.findIndex((queued) => queued.match(url));
    const fault = faultIndex >= 0 ? faults.splice(faultIndex, 1)[0]?.fault : undefined;
    const wait = (fault?.delayMs ?? 0) + latencyMs;
    if (wait > 0) await delay(wait);
    if (fault?.hangUp) {
      requests.push({ path: url.pathname + url.search, startedAt, endedAt: Date.now(), status: 0 });
      request.socket.destroy();
      return;
    }
    if (fault?.status !== undefined) {
      const retryAfter: Record<string, string> =
        fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
      send(
        fault.status,
        fault.status === 429 ? options.rateLimitedBody : { error: 'Injected failure' },
        retryAfter,
      );
      return;
    }
    const counted = countRequest(url);
    if (counted?.over) {
      const seconds = Math.max(1, Math.ceil((counted.resetAt - Date.now()) / 1000));
      send(429, options.rateLimitedBody, { ...counted.headers, 'retry-after': String(seconds) });
      return;
    }
    let answer: JsonAnswer | undefined;
    for (const route of options.routes) {
      answer = route(url, request);
      if (answer) break;
    }
    answer ??= options.notFound(url);
    send(answer.status ?? 200, answer.body, { ...counted?.headers, ...answer.headers });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    injectFaults(queued, match = () => true) {
      for (const fault of queued) faults.push({ fault, match });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
