// Tests of the Bluesky connector on a local AppView: paging, getProfiles hydration overlapping it, withheld accounts, the RateLimit-* budget.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openAccountReader } from '../../ingest/read.ts';
import { fetchFollowers } from '../fetch/fetch-followers.ts';
import {
  asksNoUnauthenticated,
  BLUESKY_PAGE_SIZE,
  BLUESKY_PROFILES_PER_CALL,
  blueskySource,
} from './bluesky-source.ts';
import {
  type ProfileViewDetailed,
  startLocalBlueskyServer,
  syntheticBlueskyProfile,
} from './local-bluesky-server.ts';

const dir = mkdtempSync(join(tmpdir(), 'realreach-bluesky-'));
const retry = { retries: 3, minDelayMs: 10, timeoutMs: 2000 };

function audience(size: number) {
  const followers = Array.from({ length: size }, (_, i) => syntheticBlueskyProfile(i));
  const profile: ProfileViewDetailed = {
    ...syntheticBlueskyProfile(1_000_000),
    handle: 'harbour-books.test',
    followersCount: size,
  };
  return { profile, followers };
}

async function readAccounts(path: string) {
  const accounts = [];
  for await (const item of await openAccountReader(path)) {
    assert.ok(item.ok);
    accounts.push(item.account);
  }
  return accounts;
}

function fetchFrom(url: string, actor: string, out: string, max?: number) {
  return fetchFollowers({
    source: blueskySource({ actor }, { baseUrl: url, retry }),
    profileRef: `bsky:${actor}`,
    out: join(dir, out),
    max,
    resume: false,
  });
}

describe('Bluesky connector', () => {
  it('pages getFollowers 100 at a time and hydrates each follower’s counts with getProfiles, 25 actors a call', async () => {
    const { profile, followers } = audience(430);
    const server = await startLocalBlueskyServer({ profile, followers });
    try {
      const { meta, files } = await fetchFrom(server.url, 'harbour-books.test', 'all.jsonl');
      const shown = followers.filter((follower) => !asksNoUnauthenticated(follower));
      const accounts = await readAccounts(files.followers);
      assert.deepEqual(
        accounts.map((account) => account.id),
        shown.map((follower) => follower.did),
      );
      assert.deepEqual(
        accounts.map((account) => account.followersCount),
        shown.map((follower) => follower.followersCount),
      );
      assert.equal(
        accounts.filter((account) => account.hasBanner === true).length,
        shown.filter((f) => f.banner).length,
      );
      assert.equal(meta.complete, true);
      assert.equal(meta.followersFetched, shown.length);
      assert.equal(meta.followersWithheld, followers.length - shown.length);
      assert.equal(meta.snapshot.followersCount, 430);
      assert.equal(meta.snapshot.profileId, profile.did);
      const paths = server.requests.map((request) => new URL(request.path, server.url));
      const pages = paths.filter((url) => url.pathname.endsWith('getFollowers'));
      const hydrations = paths.filter((url) => url.pathname.endsWith('getProfiles'));
      assert.equal(pages.length, Math.ceil(430 / BLUESKY_PAGE_SIZE));
      assert.ok(
        pages.every(
          (url) => url.searchParams.get('limit') === '100' && url.searchParams.get('actor') === profile.did,
        ),
      );
      assert.ok(
        hydrations.every((url) => url.searchParams.getAll('actors').length <= BLUESKY_PROFILES_PER_CALL),
      );
      // the withheld are neither hydrated nor stored
      const hydrated = new Set(hydrations.flatMap((url) => url.searchParams.getAll('actors')));
      assert.equal(hydrated.size, shown.length);
    } finally {
      await server.close();
    }
  });

  it('keeps a follower getProfiles no longer shows with what the followers page said of it', async () => {
    const { profile, followers } = audience(30);
    const gone = String(followers[3]?.did);
    const server = await startLocalBlueskyServer({ profile, followers, unhydratable: new Set([gone]) });
    try {
      const { files } = await fetchFrom(server.url, String(profile.did), 'gone.jsonl');
      const account = (await readAccounts(files.followers)).find((candidate) => candidate.id === gone);
      assert.ok(account);
      assert.equal(account.followersCount, undefined);
      assert.equal(account.handle, followers[3]?.handle);
    } finally {
      await server.close();
    }
  });

  it('hydrates while it pages: getProfiles calls run before the last getFollowers page has come', async () => {
    const { profile, followers } = audience(600);
    const server = await startLocalBlueskyServer({ profile, followers, latencyMs: 40 });
    try {
      await fetchFrom(server.url, 'harbour-books.test', 'overlap.jsonl');
      const pages = server.requests.filter((request) => request.path.includes('getFollowers'));
      const hydrations = server.requests.filter((request) => request.path.includes('getProfiles'));
      const lastPageStart = Math.max(...pages.map((request) => request.startedAt));
      const early = hydrations.filter((request) => request.endedAt <= lastPageStart);
      // The order of requests proves the overlap; how much time it saves is the bench's to say (connectors section),
      // since a wall-clock bound fails on a loaded machine.
      assert.ok(early.length >= 4, `${early.length} hydrations finished before the last page was asked for`);
    } finally {
      await server.close();
    }
  });

  it('keeps to the RateLimit-* budget while hydrating in parallel: none refused', async () => {
    const { profile, followers } = audience(500);
    const server = await startLocalBlueskyServer({
      profile,
      followers,
      rateLimit: { requests: 10, windowMs: 1000 },
    });
    try {
      const { meta } = await fetchFrom(server.url, 'harbour-books.test', 'paced.jsonl');
      assert.equal(meta.complete, true);
      assert.deepEqual(
        server.requests.filter((request) => request.status !== 200),
        [],
      );
    } finally {
      await server.close();
    }
  });

  it('stops at --max and says the AppView does not know an actor', async () => {
    const { profile, followers } = audience(300);
    const server = await startLocalBlueskyServer({ profile, followers });
    try {
      const { meta, files } = await fetchFrom(server.url, 'harbour-books.test', 'max.jsonl', 150);
      assert.equal((await readAccounts(files.followers)).length, 150);
      assert.equal(meta.incompleteBecause, 'max');
      await assert.rejects(
        fetchFrom(server.url, 'nobody.test', 'nobody.jsonl'),
        /Bluesky: no profile nobody\.test on http:\/\/127\.0\.0\.1:\d+ \("Profile not found"\)/,
      );
    } finally {
      await server.close();
    }
  });
});
