// Tests of the Mastodon connector on a local instance: Link paging, X-RateLimit-* pacing, 429/5xx/slow answers, hidden networks, --max.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openAccountReader } from '../../ingest/read.ts';
import { fetchFollowers } from '../fetch/fetch-followers.ts';
import {
  type MastodonEntity,
  startLocalMastodonServer,
  syntheticMastodonAccount,
} from './local-mastodon-server.ts';
import { MASTODON_PAGE_SIZE, mastodonSource, nextLink } from './mastodon-source.ts';

const DOMAIN = 'mastodon.example';
const dir = mkdtempSync(join(tmpdir(), 'realreach-mastodon-'));
const retry = { retries: 3, minDelayMs: 10, timeoutMs: 2000 };

function audience(size: number) {
  const followers = Array.from({ length: size }, (_, i) => syntheticMastodonAccount(i, DOMAIN));
  const profile: MastodonEntity = {
    ...syntheticMastodonAccount(1_000_000, DOMAIN),
    username: 'alice',
    acct: 'alice',
    followers_count: size,
  };
  return { profile, followers };
}

async function readIds(path: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const item of await openAccountReader(path)) {
    assert.ok(item.ok);
    ids.push(item.account.id);
  }
  return ids;
}

function fetchFrom(url: string, out: string, max?: number) {
  return fetchFollowers({
    source: mastodonSource({ username: 'alice', instance: DOMAIN }, { baseUrl: url, retry }),
    profileRef: `@alice@${DOMAIN}`,
    out: join(dir, out),
    max,
    resume: false,
  });
}

describe('Mastodon connector', () => {
  it('reads the next page from the Link header', () => {
    const header =
      '<https://mastodon.example/api/v1/accounts/14715/followers?limit=2&max_id=7486869>; rel="next", <https://mastodon.example/api/v1/accounts/14715/followers?limit=2&since_id=7489740>; rel="prev"';
    assert.equal(
      nextLink(header, 'https://mastodon.example/api/v1/accounts/14715/followers?limit=2'),
      'https://mastodon.example/api/v1/accounts/14715/followers?limit=2&max_id=7486869',
    );
    assert.equal(nextLink('<https://a.example/x?since_id=1>; rel="prev"', 'https://a.example/'), undefined);
    assert.equal(nextLink(null, 'https://a.example/'), undefined);
  });

  it('looks the account up on its instance and pages every follower by Link, 80 at a time, in the API’s order', async () => {
    const { profile, followers } = audience(250);
    const server = await startLocalMastodonServer({ domain: DOMAIN, profile, followers });
    try {
      const { meta, files } = await fetchFrom(server.url, 'all.jsonl');
      assert.deepEqual(
        await readIds(files.followers),
        followers.map((follower) => follower.id),
      );
      assert.equal(meta.complete, true);
      assert.equal(meta.order, 'newest-first');
      assert.equal(meta.followersFetched, 250);
      assert.equal(meta.snapshot.followersCount, 250);
      assert.equal(meta.snapshot.handle, `alice@${DOMAIN}`);
      assert.equal(meta.snapshot.source, `mastodon:${server.url}/api/v1/accounts/lookup`);
      assert.equal(meta.source, `mastodon:${server.url}/api/v1/accounts/${profile.id}/followers`);
      assert.deepEqual(await readIds(files.profile), [profile.id]);
      assert.equal(JSON.parse(readFileSync(files.meta, 'utf8')).snapshot.followersCount, 250);
      const paths = server.requests.map((request) => request.path);
      assert.equal(paths[0], `/api/v1/accounts/lookup?acct=alice%40${DOMAIN}`);
      assert.equal(paths.length, 1 + Math.ceil(250 / MASTODON_PAGE_SIZE));
      assert.ok(paths.slice(1).every((path) => path.includes(`limit=${MASTODON_PAGE_SIZE}`)));
    } finally {
      await server.close();
    }
  });

  it('keeps to the X-RateLimit budget: as many requests a window as allowed, none refused', async () => {
    const { profile, followers } = audience(800);
    const server = await startLocalMastodonServer({
      domain: DOMAIN,
      profile,
      followers,
      rateLimit: { requests: 4, windowMs: 500 },
    });
    try {
      const { meta } = await fetchFollowers({
        source: mastodonSource({ username: 'alice', instance: DOMAIN }, { baseUrl: server.url, retry }),
        profileRef: `@alice@${DOMAIN}`,
        out: join(dir, 'paced.jsonl'),
        resume: false,
      });
      assert.equal(meta.followersFetched, 800);
      assert.deepEqual(
        server.requests.filter((request) => request.status !== 200),
        [],
      );
      const perWindow = new Map<number, number>();
      for (const request of server.requests) {
        const window = Math.floor(request.startedAt / 500);
        perWindow.set(window, (perWindow.get(window) ?? 0) + 1);
      }
      assert.ok([...perWindow.values()].every((n) => n <= 4));
      assert.ok(perWindow.size >= 3, `11 requests at 4 per window take 3 windows, took ${perWindow.size}`);
    } finally {
      await server.close();
    }
  });

  it('rides out a 429 with Retry-After, 5xx answers and a slow answer without losing or repeating a follower', async () => {
    const { profile, followers } = audience(400);
    const server = await startLocalMastodonServer({
      domain: DOMAIN,
      profile,
      followers,
      faults: [{ status: 429, retryAfterSeconds: 1 }, { status: 503 }, { delayMs: 2500 }, { status: 500 }],
    });
    try {
      const { meta, files } = await fetchFrom(server.url, 'faults.jsonl');
      assert.equal(meta.complete, true);
      assert.deepEqual(
        await readIds(files.followers),
        followers.map((follower) => follower.id),
      );
    } finally {
      await server.close();
    }
  });

  it('says the network is hidden instead of reporting 0 followers', async () => {
    const { profile, followers } = audience(120);
    for (const sayHidden of [false, true]) {
      const server = await startLocalMastodonServer({
        domain: DOMAIN,
        profile,
        followers,
        hideNetwork: true,
        sayHidden,
      });
      try {
        const { meta } = await fetchFrom(server.url, `hidden-${sayHidden}.jsonl`);
        assert.equal(meta.complete, false);
        assert.equal(meta.incompleteBecause, 'network-hidden');
        assert.equal(meta.followersFetched, 0);
        assert.equal(meta.snapshot.followersCount, 120);
        // hide_collections says it before any follower is asked for
        assert.equal(server.requests.length, sayHidden ? 1 : 2);
      } finally {
        await server.close();
      }
    }
  });

  it('stops at --max, marking the file as the newest followers only', async () => {
    const { profile, followers } = audience(300);
    const server = await startLocalMastodonServer({ domain: DOMAIN, profile, followers });
    try {
      const { meta, files } = await fetchFrom(server.url, 'max.jsonl', 100);
      assert.deepEqual(
        await readIds(files.followers),
        followers.slice(0, 100).map((follower) => follower.id),
      );
      assert.equal(meta.complete, false);
      assert.equal(meta.incompleteBecause, 'max');
      assert.equal(server.requests.length, 3);
    } finally {
      await server.close();
    }
  });

  it('names an account the instance does not know', async () => {
    const { profile, followers } = audience(1);
    const server = await startLocalMastodonServer({ domain: DOMAIN, profile, followers });
    try {
      await assert.rejects(
        fetchFollowers({
          source: mastodonSource({ username: 'nobody', instance: DOMAIN }, { baseUrl: server.url, retry }),
          profileRef: `@nobody@${DOMAIN}`,
          out: join(dir, 'nobody.jsonl'),
          resume: false,
        }),
        new RegExp(`^InputError: Mastodon: no account @nobody@${DOMAIN} on ${server.url}`),
      );
    } finally {
      await server.close();
    }
  });
});
