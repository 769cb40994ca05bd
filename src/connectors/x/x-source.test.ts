// Tests of the X connector on a local API: lookup, 1,000-a-page followers by pagination_token, protected accounts, refusals, the cost estimate.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openAccountReader } from '../../ingest/read.ts';
import { fetchFollowers } from '../fetch/fetch-followers.ts';
import { startLocalXServer, syntheticXUser, type XUser } from './local-x-server.ts';
import { estimateXReadCost, X_PRICE_PER_FOLLOWER_USD } from './x-read-cost.ts';
import { X_PAGE_SIZE, xSource } from './x-source.ts';

const dir = mkdtempSync(join(tmpdir(), 'realreach-x-'));
const retry = { retries: 3, minDelayMs: 10, timeoutMs: 2000 };
const TOKEN = 'AAAAAAAAAAAAAAAAAAAAA-test-token';

function audience(size: number) {
  const followers = Array.from({ length: size }, (_, i) => syntheticXUser(i));
  const profile: XUser = { ...syntheticXUser(9_999_999), username: 'harbourbooks', protected: false };
  (profile.public_metrics as Record<string, number>).followers_count = size;
  return { profile, followers };
}

function fetchFrom(url: string, username: string, out: string, bearerToken = TOKEN) {
  return fetchFollowers({
    source: xSource({ username }, { baseUrl: url, retry, bearerToken }),
    profileRef: `x:${username}`,
    out: join(dir, out),
    resume: false,
  });
}

describe('X connector', () => {
  it('looks the user up and pages /2/users/:id/followers 1,000 at a time by pagination_token, with the bearer token', async () => {
    const { profile, followers } = audience(2500);
    const server = await startLocalXServer({
      bearerToken: TOKEN,
      profile,
      followers,
      rateLimit: { requests: 2, windowMs: 1000 },
    });
    try {
      const { meta, files } = await fetchFrom(server.url, 'harbourbooks', 'all.jsonl');
      const accounts = [];
      for await (const item of await openAccountReader(files.followers)) {
        assert.ok(item.ok);
        accounts.push(item.account);
      }
      assert.deepEqual(
        accounts.map((account) => account.id),
        followers.map((user) => user.id),
      );
      assert.equal(accounts[1]?.followersCount, 37);
      assert.equal(accounts[0]?.hasDefaultAvatar, true);
      assert.equal(meta.complete, true);
      assert.equal(meta.snapshot.followersCount, 2500);
      const pages = server.requests
        .map((request) => new URL(request.path, server.url))
        .filter((url) => url.pathname.endsWith('/followers'));
      assert.equal(pages.length, 3);
      assert.ok(pages.every((url) => url.searchParams.get('max_results') === String(X_PAGE_SIZE)));
      assert.ok(pages.every((url) => url.searchParams.get('user.fields')?.includes('public_metrics')));
      assert.equal(pages[0]?.searchParams.get('pagination_token'), null);
      assert.ok(pages[1]?.searchParams.get('pagination_token'));
      assert.deepEqual(
        server.requests.filter((request) => request.status !== 200),
        [],
      );
    } finally {
      await server.close();
    }
  });

  it('says a protected account hides its followers; names an unknown user and a refused token', async () => {
    const { profile, followers } = audience(10);
    const server = await startLocalXServer({
      bearerToken: TOKEN,
      profile: { ...profile, protected: true },
      followers,
      hideNetwork: true,
    });
    try {
      const { meta } = await fetchFrom(server.url, 'harbourbooks', 'hidden.jsonl');
      assert.equal(meta.incompleteBecause, 'network-hidden');
      assert.equal(meta.followersFetched, 0);
      await assert.rejects(
        fetchFrom(server.url, 'nobody_here', 'nobody.jsonl'),
        /X: no user @nobody_here: Could not find user with username: \[nobody_here\]\./,
      );
      await assert.rejects(
        fetchFrom(server.url, 'harbourbooks', 'refused.jsonl', 'wrong'),
        /X: [\w.:-]+\/2\/[\w/]+ answered 401, not authorised: the token is missing, expired or refused \("Unauthorized"\)/,
      );
    } finally {
      await server.close();
    }
  });

  it('estimates the cost of reading followers at the pay-per-use price', () => {
    assert.equal(X_PRICE_PER_FOLLOWER_USD, 0.01);
    assert.deepEqual(estimateXReadCost(12_345, 0.01), {
      followers: 12_345,
      pricePerFollowerUsd: 0.01,
      usd: 123.45,
    });
  });
});
