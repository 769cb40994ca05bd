// Connector benchmark on local API servers: requests/s against the configured rate limit, and Bluesky's getProfiles hydration overlapping the paging.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { blueskySource } from '../src/connectors/bluesky/bluesky-source.ts';
import {
  startLocalBlueskyServer,
  syntheticBlueskyProfile,
} from '../src/connectors/bluesky/local-bluesky-server.ts';
import { fetchFollowers } from '../src/connectors/fetch/fetch-followers.ts';
import type { FollowerSource } from '../src/connectors/follower-source.ts';
import type { LocalApiServer, LoggedRequest } from '../src/connectors/local-api-server.ts';
import {
  startLocalMastodonServer,
  syntheticMastodonAccount,
} from '../src/connectors/mastodon/local-mastodon-server.ts';
import { MASTODON_PAGE_SIZE, mastodonSource } from '../src/connectors/mastodon/mastodon-source.ts';
import type { RateLimit } from '../src/connectors/requests/rate-limiter.ts';

export interface RateRun {
  connector: string;
  limit: RateLimit;
  followers: number;
  requests: number;
  refused: number;
  /** Requests the server answered in each of its rate-limit windows, first to last. */
  perWindow: number[];
  /** Mean requests/s over the windows before the last (the last one holds only what was left). */
  requestsPerSecond: number;
  seconds: number;
}

export interface OverlapRun {
  followers: number;
  latencyMs: number;
  pages: number;
  hydrations: number;
  /** getProfiles calls answered before the last getFollowers page was asked for. */
  hydrationsBeforeLastPage: number;
  /** Time from the first request to the last answer. */
  wallMs: number;
  /** The answers' times added up: what one request at a time would take. */
  serialMs: number;
}

export interface ConnectorBenchResult {
  rates: RateRun[];
  overlap: OverlapRun;
}

const retry = { retries: 3, minDelayMs: 100, timeoutMs: 10_000 };

/** Waits for the server's next rate-limit window, so every window but the last is whole. */
function windowStart(limit: RateLimit): Promise<void> {
  return delay(limit.windowMs - (Date.now() % limit.windowMs));
}

async function runFetch(source: FollowerSource, dir: string, name: string) {
  const started = Date.now();
  const { meta } = await fetchFollowers({
    source,
    profileRef: name,
    out: join(dir, `${name}.jsonl`),
    resume: false,
  });
  return { meta, seconds: (Date.now() - started) / 1000 };
}

function rateRun(
  connector: string,
  limit: RateLimit,
  followers: number,
  requests: readonly LoggedRequest[],
  seconds: number,
): RateRun {
  const answered = requests.filter((request) => request.status === 200);
  const windows = answered.map((request) => Math.floor(request.startedAt / limit.windowMs));
  const first = Math.min(...windows);
  const perWindow = Array.from({ length: Math.max(...windows) - first + 1 }, () => 0);
  for (const window of windows) perWindow[window - first] = (perWindow[window - first] ?? 0) + 1;
  const full = perWindow.slice(0, -1);
  const requestsPerSecond = full.reduce((sum, n) => sum + n, 0) / full.length / (limit.windowMs / 1000);
  return {
    connector,
    limit,
    followers,
    requests: requests.length,
    refused: requests.filter((request) => request.status === 429).length,
    perWindow,
    requestsPerSecond,
    seconds,
  };
}

/** Mastodon pages one request at a time: the X-RateLimit-* budget of each window is spent, then the next window waited for. */
async function benchMastodonRate(dir: string, windows: number): Promise<RateRun> {
  const domain = 'mastodon.example';
  const limit: RateLimit = { requests: 20, windowMs: 1000 };
  const count = limit.requests * windows * MASTODON_PAGE_SIZE;
  const followers = Array.from({ length: count }, (_, i) => syntheticMastodonAccount(i, domain));
  const profile = {
    ...syntheticMastodonAccount(10_000_000, domain),
    username: 'bench',
    acct: 'bench',
    followers_count: count,
  };
  const server = await startLocalMastodonServer({
    domain,
    profile,
    followers,
    rateLimit: limit,
    latencyMs: 2,
  });
  try {
    const source = mastodonSource(
      { username: 'bench', instance: domain },
      { baseUrl: server.url, rateLimit: limit, retry },
    );
    await windowStart(limit);
    const { seconds } = await runFetch(source, dir, 'mastodon');
    return rateRun('Mastodon (X-RateLimit-*)', limit, count, server.requests, seconds);
  } finally {
    await server.close();
  }
}

async function startBluesky(count: number, latencyMs: number, limit?: RateLimit): Promise<LocalApiServer> {
  const followers = Array.from({ length: count }, (_, i) => syntheticBlueskyProfile(i));
  const profile = { ...syntheticBlueskyProfile(10_000_000), handle: 'bench.test', followersCount: count };
  return startLocalBlueskyServer({ profile, followers, latencyMs, rateLimit: limit });
}

/** Bluesky pages and hydrates at once: the RateLimit-* budget is shared by getFollowers and getProfiles. */
async function benchBlueskyRate(dir: string, windows: number): Promise<RateRun> {
  const limit: RateLimit = { requests: 40, windowMs: 1000 };
  // each page of 100 takes 1 getFollowers and 4 getProfiles calls
  const count = Math.floor((limit.requests * windows) / 5) * 100;
  const server = await startBluesky(count, 10, limit);
  try {
    const source = blueskySource({ actor: 'bench.test' }, { baseUrl: server.url, rateLimit: limit, retry });
    await windowStart(limit);
    const { seconds } = await runFetch(source, dir, 'bluesky-rate');
    return rateRun('Bluesky (RateLimit-*), paging + hydration', limit, count, server.requests, seconds);
  } finally {
    await server.close();
  }
}

async function benchBlueskyOverlap(dir: string): Promise<OverlapRun> {
  const followers = 2000;
  const latencyMs = 30;
  const server = await startBluesky(followers, latencyMs);
  try {
    await runFetch(
      blueskySource({ actor: 'bench.test' }, { baseUrl: server.url, retry }),
      dir,
      'bluesky-overlap',
    );
    const pages = server.requests.filter((request) => request.path.includes('getFollowers'));
    const hydrations = server.requests.filter((request) => request.path.includes('getProfiles'));
    const lastPage = Math.max(...pages.map((request) => request.startedAt));
    return {
      followers,
      latencyMs,
      pages: pages.length,
      hydrations: hydrations.length,
      hydrationsBeforeLastPage: hydrations.filter((request) => request.endedAt <= lastPage).length,
      wallMs:
        Math.max(...server.requests.map((request) => request.endedAt)) -
        Math.min(...server.requests.map((request) => request.startedAt)),
      serialMs: server.requests.reduce((sum, request) => sum + request.endedAt - request.startedAt, 0),
    };
  } finally {
    await server.close();
  }
}

/** `scale` stretches the rate runs (5 rate-limit windows at 1). */
export async function benchConnectors(options: {
  scale?: number;
  log: (line: string) => void;
}): Promise<ConnectorBenchResult> {
  const windows = Math.max(3, Math.round(5 * (options.scale ?? 1)));
  const dir = mkdtempSync(join(tmpdir(), 'realreach-connectors-'));
  try {
    options.log(`connectors: Mastodon at 20 requests/s for ${windows} windows`);
    const mastodon = await benchMastodonRate(dir, windows);
    options.log(`connectors: Bluesky at 40 requests/s for ${windows} windows`);
    const bluesky = await benchBlueskyRate(dir, windows);
    options.log('connectors: Bluesky hydration overlap');
    const overlap = await benchBlueskyOverlap(dir);
    return { rates: [mastodon, bluesky], overlap };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

export function renderConnectorBench(result: ConnectorBenchResult): string {
  const { overlap } = result;
  const lines = [
    '## Connectors (local API servers on 127.0.0.1)',
    '',
    'Requests/s against the configured limit; the server enforces the same limit in windows aligned to the clock and',
    'sends its rate-limit headers; the fetch starts at a window boundary; requests/s is over the windows before the last.',
    '',
    '| connector | limit | followers | requests | refused (429) | requests per window | requests/s | vs limit |',
    '|---|---:|---:|---:|---:|---|---:|---:|',
    ...result.rates.map((run) => {
      const limitPerSecond = run.limit.requests / (run.limit.windowMs / 1000);
      return `| ${run.connector} | ${run.limit.requests}/${run.limit.windowMs / 1000} s | ${number.format(run.followers)} | ${run.requests} | ${run.refused} | ${run.perWindow.join(', ')} | ${number.format(run.requestsPerSecond)} | ${((run.requestsPerSecond / limitPerSecond) * 100).toFixed(0)} % |`;
    }),
    '',
    `Bluesky hydration overlapping the paging (${number.format(overlap.followers)} followers, ${overlap.latencyMs} ms per answer, no rate limit):`,
    `  ${overlap.pages} getFollowers pages and ${overlap.hydrations} getProfiles calls; ${overlap.hydrationsBeforeLastPage} of those calls were answered before the last page was asked for`,
    `  wall time ${number.format(overlap.wallMs)} ms against ${number.format(overlap.serialMs)} ms one request at a time (${number.format(overlap.serialMs / overlap.wallMs)}× faster)`,
  ];
  return `${lines.join('\n')}\n`;
}
