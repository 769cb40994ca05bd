// The fetch-job routes on the embedded default (SQLite, in-process queue and rate slots) against a local Mastodon server: 202 with a Location, progress to done, the followers of a direct fetch, the chained audit, and refusals.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { fetchFollowers } from '../../../connectors/fetch/fetch-followers.ts';
import type { LocalApiServer } from '../../../connectors/local-api-server.ts';
import {
  startLocalMastodonServer,
  syntheticMastodonAccount,
} from '../../../connectors/mastodon/local-mastodon-server.ts';
import { mastodonSource } from '../../../connectors/mastodon/mastodon-source.ts';
import { dropConsumedFetchPages } from '../../../jobs/fetch/fetch-page-retention.ts';
import { openSqliteStore } from '../../../store/dialects/sqlite.ts';
import type { Store } from '../../../store/store.ts';
import { auditIdOfJob } from '../_test-jobs.ts';
import { createApp } from '../create-app.tsx';
import { PROBLEM_CONTENT_TYPE } from '../problem.ts';
import { fetchJobSchema } from './fetch-job-json.ts';

const DOMAIN = 'fetch.example';
/** 250 followers: pages of 80, 80, 80 and 10. */
const FOLLOWERS = Array.from({ length: 250 }, (_, i) => syntheticMastodonAccount(i + 1, DOMAIN));
const PROFILE = {
  ...syntheticMastodonAccount(0, DOMAIN),
  username: 'alice',
  acct: 'alice',
  followers_count: 250,
};

const dir = mkdtempSync(join(tmpdir(), 'realreach-fetch-routes-'));
let store: Store;
let server: LocalApiServer;
let app: ReturnType<typeof createApp>;
let auth: Record<string, string>;

before(async () => {
  store = await openSqliteStore(join(dir, 'realreach.db'));
  auth = { Authorization: `Bearer ${(await store.createToken('test')).token}` };
  server = await startLocalMastodonServer({ domain: DOMAIN, profile: PROFILE, followers: FOLLOWERS });
  app = createApp({ store, log: () => {} });
});

after(async () => {
  await server.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function post(body: unknown) {
  return app.request('/api/v1/fetches', {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const withoutReadTime = (line: string) => {
  const { observedAt: _observedAt, ...rest } = JSON.parse(line) as Record<string, unknown>;
  return rest;
};

describe('fetch jobs over the API (SQLite, in-process)', () => {
  it('answers 202 with a Location, fetches every page, gives the followers of a direct fetch and queues their audit', async () => {
    const response = await post({
      profile: `@alice@${DOMAIN}`,
      baseUrl: server.url,
      rateLimit: { requests: 100, seconds: 1 },
      audit: true,
    });
    assert.equal(response.status, 202, await response.clone().text());
    const location = response.headers.get('location') ?? '';
    assert.match(location, /^\/api\/v1\/fetches\/\d+$/);
    let job = fetchJobSchema.parse(await response.json());
    for (let tries = 0; job.state !== 'done' || job.auditJobId === null; tries++) {
      assert.ok(
        job.state === 'queued' || job.state === 'running' || job.state === 'done',
        job.error ?? job.state,
      );
      assert.ok(tries < 500, `not done: ${JSON.stringify(job)}`);
      await delay(20);
      job = fetchJobSchema.parse(await (await app.request(location, { headers: auth })).json());
    }
    assert.deepEqual(job.progress, { fetched: 250, target: 250, pages: 4 });
    assert.equal(job.incompleteBecause, null);

    const download = await app.request(`${location}/followers`, { headers: auth });
    assert.equal(download.status, 200);
    const lines = (await download.text()).split('\n').filter((line) => line !== '');
    const reference = join(dir, 'direct.jsonl');
    await fetchFollowers({
      source: mastodonSource(
        { username: 'alice', instance: DOMAIN },
        { baseUrl: server.url, retry: { retries: 1, minDelayMs: 10, timeoutMs: 5000 } },
      ),
      profileRef: `@alice@${DOMAIN}`,
      out: reference,
      resume: false,
    });
    const expected = readFileSync(reference, 'utf8')
      .split('\n')
      .filter((line) => line !== '');
    assert.deepEqual(lines.map(withoutReadTime), expected.map(withoutReadTime));

    const auditId = await auditIdOfJob(store, job.auditJobId);
    const audit = await store.getAudit(auditId);
    assert.equal(audit?.report.followersRead, 250);
    assert.equal(audit?.report.profile?.handle, PROFILE.acct);

    const listed = (await (await app.request('/api/v1/fetches', { headers: auth })).json()) as {
      fetches: { id: number }[];
    };
    assert.deepEqual(
      listed.fetches.map((fetch) => fetch.id),
      [job.id],
    );
    const cancel = await app.request(location, { method: 'DELETE', headers: auth });
    assert.equal(cancel.status, 409);

    // Consumed (fetched and audited): a week later its pages are dropped; the job and its audit stay.
    const weekLater = new Date(Date.now() + 169 * 3_600_000);
    const dropped = await dropConsumedFetchPages(store, 168 * 3_600_000, weekLater);
    assert.deepEqual(
      { fetches: dropped.fetches, pages: dropped.pages, followers: dropped.followers },
      {
        fetches: 1,
        pages: 4,
        followers: 250,
      },
    );
    const gone = await app.request(`${location}/followers`, { headers: auth });
    assert.equal(gone.status, 410);
    assert.equal(gone.headers.get('content-type'), PROBLEM_CONTENT_TYPE);
    const after = fetchJobSchema.parse(await (await app.request(location, { headers: auth })).json());
    assert.ok(after.pagesDroppedAt !== null);
    assert.equal(after.pageBytesDropped, dropped.bytes);
    assert.deepEqual(after.progress, { fetched: 250, target: 250, pages: 4 });
    assert.ok(await store.getAudit(auditId), 'the audit stays');
  });

  it('refuses a profile no platform takes, an unknown field and a missing token', async () => {
    const bad = await post({ profile: 'nobody' });
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.get('content-type'), PROBLEM_CONTENT_TYPE);
    assert.equal((await post({ profile: `@alice@${DOMAIN}`, colour: 'red' })).status, 400);
    const anonymous = await app.request('/api/v1/fetches', { method: 'POST', body: '{}' });
    assert.equal(anonymous.status, 401);
  });
});
