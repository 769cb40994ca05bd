// Tests of the fetch driver: checkpoints, resume after a crash mid-page, guards against mixing fetches, approval before any request.
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Account } from '../../core/account.ts';
import { InputError } from '../../core/errors.ts';
import type { FollowerPage, FollowerSource } from '../follower-source.ts';
import { RateLimiter } from '../requests/rate-limiter.ts';
import { fetchFilesFor, readFetchMeta } from './fetch-files.ts';
import { fetchFollowers } from './fetch-followers.ts';

const dir = mkdtempSync(join(tmpdir(), 'realreach-fetch-'));
const OBSERVED = new Date('2026-03-01T12:00:00Z');
const PAGE = 10;

function account(n: number): Account {
  return {
    platform: 'mastodon',
    id: String(n),
    handle: `user${n}`,
    followersCount: n,
    observedAt: OBSERVED,
    source: { format: 'test', file: 'test' },
  };
}

/** A source listing `size` followers, 10 a page, whose cursor is the next index; it fails once `failAfterPages` pages have gone (even after the last). */
function listSource(size: number, failAfterPages = Number.POSITIVE_INFINITY) {
  const requested: (string | undefined)[] = [];
  const source: FollowerSource = {
    platform: 'mastodon',
    service: 'https://test.example',
    followersPerRequest: PAGE,
    limiter: new RateLimiter({ requests: 1000, windowMs: 1000 }),
    async lookupProfile() {
      const profile = { ...account(0), id: 'profile', followersCount: size };
      return {
        account: profile,
        snapshot: {
          platform: 'mastodon',
          profileId: 'profile',
          observedAt: OBSERVED,
          followersCount: size,
          source: 'test',
        },
        networkHidden: false,
      };
    },
    async *pages(_profile, from) {
      let start = from === undefined ? 0 : Number(from);
      let served = 0;
      for (; start < size; served++) {
        if (served >= failAfterPages) throw new InputError('the connection dropped');
        requested.push(from);
        const end = Math.min(size, start + PAGE);
        const followers = Array.from({ length: end - start }, (_, i) => account(start + i + 1));
        const page: FollowerPage = {
          followers,
          withheld: 1,
          rejected: [],
          next: end < size ? String(end) : undefined,
          networkHidden: false,
        };
        yield page;
        start = end;
      }
      if (served >= failAfterPages) throw new InputError('the connection dropped');
    },
    followersSource: () => 'test:followers',
  };
  return { source, requested };
}

function ids(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line).id);
}

const expected = (size: number) => Array.from({ length: size }, (_, i) => String(i + 1));

describe('fetchFollowers', () => {
  it('resumes after a crash mid-page: the half-written page is dropped and fetched again, nothing twice, nothing missing', async () => {
    const out = join(dir, 'crash.jsonl');
    const options = { profileRef: '@alice@test.example', out, resume: false };
    await assert.rejects(
      fetchFollowers({ ...options, source: listSource(95, 4).source }),
      /the connection dropped/,
    );
    // what a kill -9 between writing a page and saving the checkpoint leaves behind
    appendFileSync(out, '{"platform":"mastodon","id":"41"}\n{"platform":"mast');
    const checkpoint = JSON.parse(readFileSync(fetchFilesFor(out).checkpoint, 'utf8'));
    assert.equal(checkpoint.pagesDone, 4);
    assert.equal(checkpoint.next, '40');
    const resumed = listSource(95);
    const { meta } = await fetchFollowers({ ...options, resume: true, source: resumed.source });
    assert.deepEqual(resumed.requested[0], '40');
    assert.deepEqual(ids(out), expected(95));
    assert.equal(meta.followersFetched, 95);
    assert.equal(meta.followersWithheld, 10);
    assert.equal(meta.complete, true);
    assert.ok(!existsSync(fetchFilesFor(out).checkpoint));
    assert.deepEqual((await readFetchMeta(out))?.snapshot.observedAt, OBSERVED);
  });

  it('refuses to start over an interrupted fetch, to resume without a checkpoint, or to resume another profile', async () => {
    const out = join(dir, 'guard.jsonl');
    await assert.rejects(
      fetchFollowers({ profileRef: '@a@test.example', out, resume: true, source: listSource(5).source }),
      /no checkpoint to resume from/,
    );
    await assert.rejects(
      fetchFollowers({ profileRef: '@a@test.example', out, resume: false, source: listSource(30, 1).source }),
    );
    await assert.rejects(
      fetchFollowers({ profileRef: '@a@test.example', out, resume: false, source: listSource(30).source }),
      /was interrupted; add --resume to continue it/,
    );
    await assert.rejects(
      fetchFollowers({ profileRef: '@b@test.example', out, resume: true, source: listSource(30).source }),
      /the interrupted fetch is of @a@test\.example/,
    );
  });

  it('asks for approval with the followers still to read, and writes nothing when refused', async () => {
    const out = join(dir, 'refused.jsonl');
    let plan: unknown;
    await assert.rejects(
      fetchFollowers({
        profileRef: 'x:alice',
        out,
        max: 40,
        resume: false,
        source: listSource(95).source,
        approve: async (given) => {
          plan = given;
          throw new InputError('cancelled');
        },
      }),
      /cancelled/,
    );
    assert.deepEqual(
      { ...(plan as object), profile: undefined, snapshot: undefined },
      {
        profile: undefined,
        snapshot: undefined,
        followersToRead: 40,
        alreadyFetched: 0,
        resumed: false,
      },
    );
    assert.ok(!existsSync(out));
  });

  it('finishes a fetch killed after its last page without asking for anything again', async () => {
    const out = join(dir, 'last.jsonl');
    await assert.rejects(
      fetchFollowers({ profileRef: '@a@test.example', out, resume: false, source: listSource(20, 2).source }),
    );
    const resumed = listSource(20);
    const { meta } = await fetchFollowers({
      profileRef: '@a@test.example',
      out,
      resume: true,
      source: resumed.source,
    });
    assert.deepEqual(resumed.requested, []);
    assert.equal(meta.complete, true);
    assert.deepEqual(ids(out), expected(20));
  });
});
