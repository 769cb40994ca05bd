// Tests of one API request against a local server: retries on 5xx, timeouts and dropped connections, 429 waits, header pacing, clear refusals.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type LocalApiServer, startLocalApiServer } from '../local-api-server.ts';
import { ApiClient } from './api-client.ts';
import { ApiRefusedError, ApiUnavailableError } from './api-errors.ts';
import { readMastodonRateLimit } from './rate-limit-headers.ts';
import { RateLimiter } from './rate-limiter.ts';

describe('ApiClient', () => {
  let server: LocalApiServer;
  const retries: string[] = [];
  const client = new ApiClient({
    service: 'Mastodon',
    readRateLimit: (headers) => readMastodonRateLimit(headers),
    // Long enough that a loaded machine answers a healthy request within it (a stall would count as a retry).
    retry: { retries: 3, minDelayMs: 10, timeoutMs: 1500 },
    onRetry: (message) => retries.push(message),
  });
  const roomy = () => new RateLimiter({ requests: 1000, windowMs: 60_000 });
  const signal = new AbortController().signal;

  before(async () => {
    server = await startLocalApiServer({
      rateLimitedBody: { error: 'Too many requests' },
      notFound: () => ({ status: 404, body: { error: 'Record not found' } }),
      routes: [
        (url) => (url.pathname === '/ok' ? { body: { ok: true } } : undefined),
        (url) =>
          url.pathname === '/private'
            ? { status: 401, body: { error: 'The access token is invalid' } }
            : undefined,
        (url) =>
          url.pathname === '/spent'
            ? {
                body: { ok: true },
                headers: {
                  'x-ratelimit-limit': '300',
                  'x-ratelimit-remaining': '0',
                  'x-ratelimit-reset': new Date(Date.now() + 400).toISOString(),
                },
              }
            : undefined,
      ],
    });
  });
  after(() => server.close());

  const get = (path: string, limiter = roomy()) => client.getJson(new URL(path, server.url), limiter, signal);
  const hits = (path: string) => server.requests.filter((request) => request.path === path).length;

  it('retries 5xx answers with backoff and returns the answer that comes', async () => {
    server.injectFaults([{ status: 503 }, { status: 500 }], (url) => url.pathname === '/ok');
    const response = await get('/ok');
    assert.deepEqual(response.body, { ok: true });
    assert.equal(hits('/ok'), 3);
    assert.match(
      retries.at(-2) ?? '',
      /^Mastodon: 503 Service Unavailable \("Injected failure"\); trying again \(attempt 2 of 4\)$/,
    );
  });

  it('retries timeouts and lost connections', async () => {
    server.injectFaults([{ delayMs: 5000 }, { hangUp: true }], (url) => url.pathname === '/ok');
    const earlier = server.requests.length;
    assert.deepEqual((await get('/ok')).body, { ok: true });
    // The answer came from the third request: the slow one was given up after 1.5 s (not waited for: a client that
    // waited would have had its answer from the first request and left the hang-up unserved), then the hang-up.
    // No clock is read here: on a loaded machine the three attempts can take longer than the slow answer's 5 s.
    const served = server.requests.slice(earlier).filter((request) => request.path === '/ok');
    assert.deepEqual(
      served
        .filter((request) => request.status !== 200 || request.endedAt - request.startedAt < 5000)
        .map((request) => request.status),
      [0, 200],
    );
    assert.ok(retries.some((message) => /no complete answer within 1.5 s/.test(message)));
    assert.ok(retries.some((message) => /the connection failed/.test(message)));
  });

  it('waits out a 429 for as long as Retry-After says, without spending a retry', async () => {
    const strict = new ApiClient({
      ...client.options,
      retry: { retries: 0, minDelayMs: 10, timeoutMs: 1000 },
    });
    server.injectFaults([{ status: 429, retryAfterSeconds: 1 }], (url) => url.pathname === '/ok');
    const started = Date.now();
    const response = await strict.getJson(new URL('/ok', server.url), roomy(), signal);
    assert.deepEqual(response.body, { ok: true });
    assert.ok(Date.now() - started >= 950, `waited ${Date.now() - started} ms`);
  });

  it('holds the next request until the reset when the headers say nothing remains', async () => {
    const limiter = roomy();
    await get('/spent', limiter);
    const started = Date.now();
    await get('/ok', limiter);
    assert.ok(Date.now() - started >= 250, `waited ${Date.now() - started} ms`);
  });

  it('stops at once on 401/403/404 with what the server said', async () => {
    const before = hits('/private');
    await assert.rejects(get('/private'), (error: unknown) => {
      assert.ok(error instanceof ApiRefusedError);
      assert.equal(error.status, 401);
      assert.match(
        error.message,
        /answered 401, not authorised: the token is missing, expired or refused \("The access token is invalid"\)/,
      );
      return true;
    });
    assert.equal(hits('/private'), before + 1);
    await assert.rejects(get('/nowhere'), /answered 404, not found \("Record not found"\)/);
  });

  it('gives up after the last retry, saying how often and why', async () => {
    server.injectFaults(
      [{ status: 502 }, { status: 502 }, { status: 502 }, { status: 502 }],
      (url) => url.pathname === '/ok',
    );
    await assert.rejects(get('/ok'), (error: unknown) => {
      assert.ok(error instanceof ApiUnavailableError);
      assert.match(error.message, /^Mastodon: 127\.0\.0\.1:\d+\/ok failed 4 times, last: 502 Bad Gateway/);
      return true;
    });
  });
});
