// Bluesky and X fetch jobs on PostgreSQL with real `realreach worker` processes against the local AppView and X API servers: a worker killed (kill -9) mid-fetch leaves exactly the followers of an uninterrupted fetch, every page saved once; two workers keep to the lower limit the AppView states in its headers; followers that pages repeat (the list changed during the fetch) count once in the chained audit, across its shards.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { auditFollowers } from '../src/audit/audit-followers.ts';
import {
  startLocalBlueskyServer,
  syntheticBlueskyProfile,
} from '../src/connectors/bluesky/local-bluesky-server.ts';
import { connectFollowerSource } from '../src/connectors/connect.ts';
import { fetchFollowers } from '../src/connectors/fetch/fetch-followers.ts';
import type { LocalApiServer, LoggedRequest } from '../src/connectors/local-api-server.ts';
import { parseProfileRef } from '../src/connectors/profile-ref.ts';
import { startLocalXServer, syntheticXUser } from '../src/connectors/x/local-x-server.ts';
import { auditOptionsOf, queuedOptionsFromJson } from '../src/jobs/audit/audit-job-options.ts';
import { fetchedFollowerSource } from '../src/jobs/fetch/fetched-followers.ts';
import { loadDetector } from '../src/model/detector.ts';
import { FetchCluster, withoutReadTime } from './fetch-cluster.ts';
import { postgresSkip } from './postgres-under-test.ts';
import { after, before, describe, it } from './skippable-tests.ts';

/** The token the local X server takes, made up for it. */
const X_TOKEN = 'local-x-token';

interface PlatformCase {
  name: string;
  profile: string;
  followers: number;
  /** Pages the list takes (Bluesky: 100 a page, each hydrated in 4 calls of 25; X: 1,000 a page). */
  pages: number;
  /** The budget the fetch asks for: slow enough to kill a worker mid-fetch. */
  rate: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  start(): Promise<LocalApiServer>;
}

const CASES: PlatformCase[] = [
  {
    name: 'Bluesky',
    profile: 'bsky:harbour-books.test',
    followers: 1_200,
    pages: 12,
    rate: '25/1',
    args: [],
    env: {},
    start: () =>
      startLocalBlueskyServer({
        profile: {
          ...syntheticBlueskyProfile(1_000_000),
          handle: 'harbour-books.test',
          followersCount: 1_200,
        },
        followers: Array.from({ length: 1_200 }, (_, i) => syntheticBlueskyProfile(i)),
        latencyMs: 10,
      }),
  },
  {
    name: 'X',
    profile: 'x:harbour',
    followers: 6_000,
    pages: 6,
    rate: '3/1',
    // a queued X fetch cannot ask for the cost: accepted at submission
    args: ['--yes'],
    env: { X_BEARER_TOKEN: X_TOKEN },
    start: () =>
      startLocalXServer({
        bearerToken: X_TOKEN,
        profile: {
          ...syntheticXUser(1_000_000),
          username: 'harbour',
          public_metrics: { followers_count: 6_000, following_count: 10, tweet_count: 10, listed_count: 0 },
        },
        followers: Array.from({ length: 6_000 }, (_, i) => syntheticXUser(i)),
        latencyMs: 10,
      }),
  },
];

for (const platform of CASES) {
  describe(`${platform.name} fetch jobs on PostgreSQL with real workers`, { skip: postgresSkip }, () => {
    let cluster: FetchCluster;
    let server: LocalApiServer;

    before(async () => {
      cluster = new FetchCluster(1, platform.env);
      await cluster.open();
      server = await platform.start();
    });
    after(async () => {
      await server?.close();
      await cluster?.close();
    });

    it('a worker killed (kill -9) mid-fetch: another takes the step over and the followers are exactly those of an uninterrupted fetch', {
      timeout: 240_000,
    }, async () => {
      const reference = join(cluster.dir, 'reference.jsonl');
      const direct = await fetchFollowers({
        source: connectFollowerSource(parseProfileRef(platform.profile), {
          baseUrl: server.url,
          rateLimit: { requests: 1000, windowMs: 1000 },
          retry: { retries: 2, minDelayMs: 100, timeoutMs: 10_000 },
          xBearerToken: X_TOKEN,
        }),
        profileRef: platform.profile,
        out: reference,
        resume: false,
      });
      const id = await cluster.submit(platform.profile, server.url, [
        '--rate-limit',
        platform.rate,
        ...platform.args,
      ]);
      const doomed = await cluster.spawnWorker();
      await cluster.waitFor(id, (job) => job.pagesDone >= 2);
      doomed.kill('SIGKILL');
      const killedAt = (await cluster.store.fetchJobs.getFetchJob(id))?.pagesDone ?? 0;
      await cluster.spawnWorker();
      const job = await cluster.waitFor(id, (found) => found.state === 'done');
      await cluster.stopWorkers();
      process.stdout.write(
        `# ${platform.name}: killed at page ${killedAt} of ${platform.pages}; ${job.followersFetched} followers fetched (${job.followersWithheld} withheld)\n`,
      );
      assert.ok(killedAt < platform.pages, 'the worker was killed before the fetch ended');
      const expected = readFileSync(reference, 'utf8')
        .split('\n')
        .filter((line) => line !== '');
      assert.equal(expected.length, direct.meta.followersFetched);
      assert.equal(job.followersFetched, expected.length);
      assert.equal(job.followersWithheld, direct.meta.followersWithheld);
      assert.equal(job.followersFetched + job.followersWithheld, platform.followers);
      assert.equal(job.pagesDone, platform.pages);
      assert.equal(job.incompleteBecause, undefined);
      const fetched = await cluster.followerLines(id);
      assert.deepEqual(fetched.map(withoutReadTime), expected.map(withoutReadTime));
      const { rows } = await cluster.pool.query(
        `select count(*)::int as pages, count(distinct page)::int as distinct_pages from ${cluster.storeSchema}.fetch_job_pages where job_id = $1`,
        [id],
      );
      assert.deepEqual(rows[0], { pages: platform.pages, distinct_pages: platform.pages });
    });
  });
}

/** The most requests the server saw start within any `windowMs` (each request opening a window). */
function busiestWindow(requests: readonly LoggedRequest[], windowMs: number): number {
  const times = requests.map((request) => request.startedAt).sort((a, b) => a - b);
  let most = 0;
  for (let first = 0, last = 0; first < times.length; first++) {
    while (last < times.length && (times[last] as number) < (times[first] as number) + windowMs) last++;
    most = Math.max(most, last - first);
  }
  return most;
}

describe('two workers under the limit a Bluesky AppView states', { skip: postgresSkip }, () => {
  /** What the server allows: 10 requests a 2-s window (RateLimit-Policy: 10;w=2), a tenth of the budget asked for. */
  const SERVER = { requests: 10, windowMs: 2000 };
  let cluster: FetchCluster;
  let server: LocalApiServer;

  before(async () => {
    cluster = new FetchCluster(10);
    await cluster.open();
    server = await startLocalBlueskyServer({
      profile: { ...syntheticBlueskyProfile(1_000_000), handle: 'harbour-books.test', followersCount: 400 },
      followers: Array.from({ length: 400 }, (_, i) => syntheticBlueskyProfile(i)),
      rateLimit: SERVER,
      latencyMs: 10,
    });
  });
  after(async () => {
    await server?.close();
    await cluster?.close();
  });

  it('asked for 100 requests/s, they keep together to the 10 per 2 s its headers state: no 429 after its first window', {
    timeout: 240_000,
  }, async () => {
    const submit = () => cluster.submit('bsky:harbour-books.test', server.url, ['--rate-limit', '100/1']);
    const ids = [await submit(), await submit()];
    server.requests.length = 0;
    await Promise.all([cluster.spawnWorker(), cluster.spawnWorker()]);
    const done = await Promise.all(ids.map((id) => cluster.waitFor(id, (job) => job.state === 'done')));
    await cluster.stopWorkers();
    for (const job of done) assert.equal(job.followersFetched + job.followersWithheld, 400);
    const requests = [...server.requests].sort((a, b) => a.startedAt - b.startedAt);
    const first = requests[0]?.startedAt as number;
    // The server's windows are aligned to multiples of 2 s; the first answers (and their headers) come after a
    // few requests went at the budget asked for.
    const firstWindowEnd = first - (first % SERVER.windowMs) + SERVER.windowMs;
    const later = requests.filter((request) => request.startedAt >= firstWindowEnd);
    const refused = requests.filter((request) => request.status === 429);
    const refusedLater = later.filter((request) => request.status === 429);
    const spanSeconds = ((requests.at(-1)?.startedAt as number) - first) / 1000;
    process.stdout.write(
      `# 2 workers, 2 Bluesky fetches at a budget of 100/s under a server limit of 10 per 2 s: ${requests.length} requests in ${spanSeconds.toFixed(1)} s (${((requests.length - 1) / spanSeconds).toFixed(2)}/s); 429s: ${refused.length} (${refusedLater.length} after the first window); busiest 2-s window after it: ${busiestWindow(later, SERVER.windowMs)}\n`,
    );
    assert.equal(
      refusedLater.length,
      0,
      `${refusedLater.length} 429s after the first window, the first at ${refusedLater[0]?.path}`,
    );
    // What the server counts: its aligned windows, none over the limit after the first (requests refused included).
    const perWindow = new Map<number, number>();
    for (const request of later) {
      const window = request.startedAt - (request.startedAt % SERVER.windowMs);
      perWindow.set(window, (perWindow.get(window) ?? 0) + 1);
    }
    assert.ok(
      Math.max(...perWindow.values()) <= SERVER.requests,
      `${Math.max(...perWindow.values())} requests in one of the server's 2-s windows`,
    );
    // A sliding 2-s window may hold a request or two more: slots reserved before a "none remaining" pause was
    // written keep their times, and timers fire late on a loaded machine (printed above, not asserted).
  });
});

describe('a Bluesky follower list that changes during a queued fetch, audited in shards', {
  skip: postgresSkip,
}, () => {
  /** 600 followers: 6 pages of 100, of which 90 are kept (every tenth asks not to be shown logged out). */
  const followers = Array.from({ length: 600 }, (_, i) => syntheticBlueskyProfile(i));
  let cluster: FetchCluster;
  let server: LocalApiServer;

  before(async () => {
    // One page a step, one page's 90 kept followers a shard: a repeat from the page before is in another shard.
    cluster = new FetchCluster(1, { REALREACH_SHARD_RECORDS: '90' });
    await cluster.open();
    server = await startLocalBlueskyServer({
      profile: { ...syntheticBlueskyProfile(1_000_000), handle: 'harbour-books.test', followersCount: 600 },
      followers,
      latencyMs: 10,
    });
  });
  after(async () => {
    await server?.close();
    await cluster?.close();
  });

  it('three new followers mid-fetch shift the pages: the repeated followers count once in the audit, as in one pass', {
    timeout: 240_000,
  }, async () => {
    const id = await cluster.submit('bsky:harbour-books.test', server.url, [
      '--then-audit',
      '--rate-limit',
      '5/1',
    ]);
    await cluster.spawnWorker();
    await cluster.waitFor(id, (job) => job.pagesDone >= 2);
    // New followers are listed first: the cursor (a position) of the next page now points three followers back.
    followers.unshift(...[1_000_001, 1_000_002, 1_000_003].map((n) => syntheticBlueskyProfile(n)));
    const fetch = await cluster.waitFor(id, (job) => job.state === 'done' && job.auditJobId !== null);
    const auditJobId = fetch.auditJobId as number;
    let job = await cluster.store.jobs.getJob(auditJobId);
    while (job?.state !== 'done') {
      assert.ok(job && (job.state === 'queued' || job.state === 'running'), job?.error ?? job?.state);
      await delay(200);
      job = await cluster.store.jobs.getJob(auditJobId);
    }
    await cluster.stopWorkers();
    const lines = (await cluster.followerLines(id)).map((line) => JSON.parse(line) as { id: string });
    const firstAt = new Map<string, number>();
    const crossing: [number, number][] = [];
    lines.forEach((line, at) => {
      const first = firstAt.get(line.id);
      if (first === undefined) firstAt.set(line.id, at);
      else crossing.push([first, at]);
    });
    // The three shifted followers are the last of a page, one of them withheld: two listed twice, pages apart.
    assert.equal(crossing.length, 2, `repeats at ${JSON.stringify(crossing)}`);
    for (const [first, again] of crossing)
      assert.notEqual(Math.floor(first / 90), Math.floor(again / 90), 'the repeat is in another shard');
    assert.ok(job.shardCount >= 6, `${job.shardCount} shards`);

    const audit = await cluster.store.getAudit(job.auditId as number);
    assert.ok(audit);
    assert.equal(audit.report.input.duplicates, 2);
    assert.equal(audit.report.input.accepted, lines.length - 2);
    const detector = await loadDetector(job.model);
    const onePass = await auditFollowers(
      fetchedFollowerSource(cluster.store, id, `bsky:harbour-books.test (fetch job ${id})`),
      auditOptionsOf(queuedOptionsFromJson(job.options), detector),
    );
    assert.deepEqual(audit.report, onePass.report);
  });
});
