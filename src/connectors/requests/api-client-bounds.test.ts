// ApiClient against a hostile server: endless and huge bodies, a drip, a huge Retry-After or reset, redirects to another host (issue 11).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ApiClient } from './api-client.ts';
import { ApiRefusedError, ApiUnavailableError } from './api-errors.ts';
import { readMastodonRateLimit } from './rate-limit-headers.ts';
import { RateLimiter } from './rate-limiter.ts';

const MiB = 1024 * 1024;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('ApiClient against a hostile server', () => {
  const requests: string[] = [];
  let base: string;
  let elsewhere: string;
  let elsewhereHits = 0;
  const hostile = createServer((request, response) => {
    const path = request.url ?? '/';
    requests.push(path);
    if (path === '/endless') {
      response.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (!response.destroyed && response.write(chunk));
        if (!response.destroyed) response.once('drain', pump);
      };
      pump();
      return;
    }
    if (path === '/declared-gigabyte') {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(1024 * MiB) });
      response.write('[');
      return;
    }
    if (path === '/drip') {
      response.writeHead(200, { 'content-type': 'application/json' });
      const timer = setInterval(() => (response.destroyed ? clearInterval(timer) : response.write(' ')), 50);
      response.on('close', () => clearInterval(timer));
      return;
    }
    if (path === '/retry-after-years') {
      response.writeHead(429, { 'retry-after': '999999999' });
      response.end('{}');
      return;
    }
    if (path === '/reset-years') {
      response.writeHead(200, {
        'content-type': 'application/json',
        'x-ratelimit-limit': '300',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': '2999-01-01T00:00:00Z',
      });
      response.end('{"ok":true}');
      return;
    }
    if (path === '/redirect-away') {
      response.writeHead(302, { location: `${elsewhere}/ok` });
      response.end();
      return;
    }
    if (path === '/redirect-here') {
      response.writeHead(301, { location: '/ok' });
      response.end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"ok":true}');
  });
  const other = createServer((_request, response) => {
    elsewhereHits += 1;
    response.end('{"stolen":true}');
  });

  before(async () => {
    base = await listen(hostile);
    elsewhere = await listen(other);
  });
  after(() => {
    hostile.closeAllConnections();
    hostile.close();
    other.close();
  });

  const client = new ApiClient({
    service: 'Mastodon',
    readRateLimit: (headers) => readMastodonRateLimit(headers),
    retry: { retries: 1, minDelayMs: 10, timeoutMs: 400 },
    maxResponseBytes: 1 * MiB,
    maxRateLimitWaitMs: 500,
  });
  const roomy = () => new RateLimiter({ requests: 1000, windowMs: 60_000 });
  const signal = new AbortController().signal;
  const get = (path: string, limiter = roomy()) => client.getJson(new URL(path, base), limiter, signal);
  const count = (path: string) => requests.filter((request) => request === path).length;

  it('stops reading an endless body at the size limit, once, without retrying it', async () => {
    // A time limit that reading 1 MiB cannot reach on a loaded machine: a timeout would be retried, and the test is
    // about the size limit, which must not be.
    const patient = new ApiClient({
      ...client.options,
      retry: { ...client.options.retry, timeoutMs: 30_000 },
    });
    const before = process.memoryUsage().rss;
    await assert.rejects(patient.getJson(new URL('/endless', base), roomy(), signal), (error: unknown) => {
      assert.ok(error instanceof ApiRefusedError);
      assert.match(error.message, /larger than 1 MiB, not an API page/);
      return true;
    });
    assert.equal(count('/endless'), 1, 'not downloaded again');
    assert.ok(process.memoryUsage().rss - before < 64 * MiB);
  });

  it('refuses a body whose Content-Length is past the limit without reading it', async () => {
    await assert.rejects(get('/declared-gigabyte'), /larger than 1 MiB/);
    assert.equal(count('/declared-gigabyte'), 1);
  });

  it('honours the time limit against a server that drips its answer (no AbortSignal.any)', async () => {
    const started = performance.now();
    await assert.rejects(get('/drip'), (error: unknown) => {
      assert.ok(error instanceof ApiUnavailableError);
      assert.match(error.message, /no complete answer within 0\.4 s/);
      return true;
    });
    assert.ok(performance.now() - started < 5_000);
    assert.equal(count('/drip'), 2, 'the first attempt and one retry');
  });

  it('fails at once with the time asked when a Retry-After is past the longest wait', async () => {
    await assert.rejects(
      get('/retry-after-years'),
      /rate limited until .*more than the .* min realreach waits/,
    );
  });

  it('waits no longer than the longest wait for a reset years ahead', async () => {
    const limiter = roomy();
    await get('/reset-years', limiter);
    const started = performance.now();
    await get('/ok', limiter);
    const waited = performance.now() - started;
    assert.ok(waited >= 300 && waited < 5_000, `waited ${waited} ms`);
  });

  it('follows a redirect on the same host, naming the address read, and refuses one to another host', async () => {
    const here = await get('/redirect-here');
    assert.equal(new URL(here.url).pathname, '/ok');
    await assert.rejects(get('/redirect-away'), (error: unknown) => {
      assert.ok(error instanceof ApiRefusedError);
      assert.match(error.message, /redirected to another host/);
      return true;
    });
    assert.equal(elsewhereHits, 0, 'the other host got no request (and no token)');
  });
});

describe('Mastodon paging against a hostile Link header', () => {
  it('refuses a next page on another host instead of following it (issue 11)', async () => {
    const { mastodonSource } = await import('../mastodon/mastodon-source.ts');
    const { syntheticMastodonAccount } = await import('../mastodon/local-mastodon-server.ts');
    let elsewhereHits = 0;
    const other = createServer((_request, response) => {
      elsewhereHits += 1;
      response.end('[]');
    });
    const elsewhere = await listen(other);
    const profile = { ...syntheticMastodonAccount(1, 'mastodon.example'), username: 'alice', acct: 'alice' };
    const server = createServer((request, response) => {
      const path = request.url ?? '/';
      response.setHeader('content-type', 'application/json');
      if (path.startsWith('/api/v1/accounts/lookup')) return response.end(JSON.stringify(profile));
      response.setHeader('link', `<${elsewhere}/api/v1/accounts/1/followers?max_id=5>; rel="next"`);
      response.end(JSON.stringify([syntheticMastodonAccount(2, 'mastodon.example')]));
    });
    const base = await listen(server);
    try {
      const source = mastodonSource(
        { username: 'alice', instance: 'mastodon.example' },
        { baseUrl: base, retry: { retries: 0, minDelayMs: 10, timeoutMs: 2000 } },
      );
      const signal = new AbortController().signal;
      const lookup = await source.lookupProfile(signal);
      assert.equal(new URL(lookup.snapshot.source.replace(/^mastodon:/, '')).origin, base);
      await assert.rejects(
        (async () => {
          for await (const _page of source.pages(lookup.account, undefined, signal));
        })(),
        /gave a next page on another host/,
      );
      assert.equal(elsewhereHits, 0);
    } finally {
      server.close();
      other.close();
    }
  });
});
