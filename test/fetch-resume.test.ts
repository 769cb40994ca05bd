// `realreach fetch` killed with SIGKILL mid-fetch, in a real child process, then `--resume`d: no follower twice, none missing, for each platform.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { asksNoUnauthenticated } from '../src/connectors/bluesky/bluesky-source.ts';
import {
  startLocalBlueskyServer,
  syntheticBlueskyProfile,
} from '../src/connectors/bluesky/local-bluesky-server.ts';
import type { LocalApiServer } from '../src/connectors/local-api-server.ts';
import {
  startLocalMastodonServer,
  syntheticMastodonAccount,
} from '../src/connectors/mastodon/local-mastodon-server.ts';
import { startLocalXServer, syntheticXUser, type XUser } from '../src/connectors/x/local-x-server.ts';
import { CLI } from '../src/interfaces/cli/_test-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'realreach-resume-'));
const X_TOKEN = 'resume-test-token';
const children = new Set<ChildProcess>();
after(() => {
  for (const child of children) child.kill('SIGKILL');
});

/** Starts `realreach fetch …` as a user would; resolves with its exit code and output. */
function startFetch(args: string[]) {
  const child = spawn(process.execPath, [CLI, 'fetch', ...args], {
    cwd: dir,
    env: { ...process.env, X_BEARER_TOKEN: X_TOKEN },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>(
    (done) =>
      child.on('exit', (code, signal) => {
        children.delete(child);
        done({ code, signal, stdout, stderr });
      }),
  );
  return { child, exited };
}

function idsIn(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line).id);
}

interface KillPoint {
  /** Follower pages the server has answered when the child was killed. */
  pagesServed: number;
  /** Followers the checkpoint counts as safely written. */
  checkpointed: number;
  /** Bytes the killed run wrote past its checkpoint: a page it had not finished, which the resume drops. */
  unfinishedBytes: number;
}

/**
 * Kills the fetch with SIGKILL once the server has answered each number of follower pages in `killAfter`, resuming
 * it after each kill, then lets the last run finish.
 */
async function fetchWithKills(
  server: LocalApiServer,
  isFollowerPage: (path: string) => boolean,
  args: string[],
  out: string,
  killAfter: number[],
) {
  const pagesServed = () => server.requests.filter((request) => isFollowerPage(request.path)).length;
  const kills: KillPoint[] = [];
  let resume: string[] = [];
  for (const pages of killAfter) {
    const run = startFetch([...args, ...resume]);
    while (pagesServed() < pages) await delay(1);
    run.child.kill('SIGKILL');
    const ended = await run.exited;
    assert.equal(ended.signal, 'SIGKILL', `the fetch ended before it could be killed: ${ended.stderr}`);
    const checkpoint = JSON.parse(readFileSync(`${out}.checkpoint.json`, 'utf8'));
    kills.push({
      pagesServed: pagesServed(),
      checkpointed: checkpoint.followersFetched,
      unfinishedBytes: statSync(out).size - checkpoint.outBytes,
    });
    resume = ['--resume'];
  }
  const last = await startFetch([...args, ...resume]).exited;
  assert.equal(last.code, 0, last.stderr);
  return kills;
}

function countDuplicates(ids: string[]): number {
  return ids.length - new Set(ids).size;
}

function countMissing(ids: string[], expected: string[]): number {
  const got = new Set(ids);
  return expected.filter((id) => !got.has(id)).length;
}

describe('realreach fetch, killed with SIGKILL and resumed', { timeout: 120_000 }, () => {
  it('Mastodon: 0 duplicate and 0 missing followers after two kills', async (t) => {
    const domain = 'mastodon.example';
    const followers = Array.from({ length: 2000 }, (_, i) => syntheticMastodonAccount(i, domain));
    const profile = {
      ...syntheticMastodonAccount(1_000_000, domain),
      username: 'alice',
      acct: 'alice',
      followers_count: 2000,
    };
    const server = await startLocalMastodonServer({ domain, profile, followers, latencyMs: 15 });
    try {
      const out = join(dir, 'mastodon.jsonl');
      const kills = await fetchWithKills(
        server,
        (path) => path.includes('/followers'),
        [`@alice@${domain}`, '--base-url', server.url, '--out', out],
        out,
        [5, 14],
      );
      const ids = idsIn(out);
      const expected = followers.map((follower) => String(follower.id));
      assert.equal(countDuplicates(ids), 0);
      assert.equal(countMissing(ids, expected), 0);
      assert.deepEqual(ids, expected);
      assert.ok(
        kills.every((kill) => kill.checkpointed > 0 && kill.checkpointed < 2000),
        JSON.stringify(kills),
      );
      t.diagnostic(`kills: ${JSON.stringify(kills)}; duplicates 0, missing 0 of ${expected.length}`);
      const meta = JSON.parse(readFileSync(`${out}.meta.json`, 'utf8'));
      assert.equal(meta.complete, true);
      assert.equal(meta.followersFetched, 2000);
      assert.ok(!existsSync(`${out}.checkpoint.json`));
      assert.ok(statSync(`${out}.profile.jsonl`).size > 0);
    } finally {
      await server.close();
    }
  });

  it('Bluesky: 0 duplicate and 0 missing followers with hydration running ahead of the writer', async (t) => {
    const followers = Array.from({ length: 1500 }, (_, i) => syntheticBlueskyProfile(i));
    const profile = {
      ...syntheticBlueskyProfile(1_000_000),
      handle: 'harbour-books.test',
      followersCount: 1500,
    };
    const server = await startLocalBlueskyServer({ profile, followers, latencyMs: 15 });
    try {
      const out = join(dir, 'bluesky.jsonl');
      const kills = await fetchWithKills(
        server,
        (path) => path.includes('getFollowers'),
        ['bsky:harbour-books.test', '--base-url', server.url, '--out', out],
        out,
        [4, 9],
      );
      const ids = idsIn(out);
      const expected = followers
        .filter((follower) => !asksNoUnauthenticated(follower))
        .map((follower) => String(follower.did));
      assert.equal(countDuplicates(ids), 0);
      assert.equal(countMissing(ids, expected), 0);
      assert.deepEqual(ids, expected);
      const meta = JSON.parse(readFileSync(`${out}.meta.json`, 'utf8'));
      assert.equal(meta.followersWithheld, 150);
      t.diagnostic(`kills: ${JSON.stringify(kills)}; duplicates 0, missing 0 of ${expected.length}`);
    } finally {
      await server.close();
    }
  });

  it('X: 0 duplicate and 0 missing followers; the profile is looked up (and billed) once', async (t) => {
    const followers = Array.from({ length: 6000 }, (_, i) => syntheticXUser(i));
    const profile: XUser = { ...syntheticXUser(9_999_999), username: 'harbourbooks' };
    (profile.public_metrics as Record<string, number>).followers_count = 6000;
    const server = await startLocalXServer({ bearerToken: X_TOKEN, profile, followers, latencyMs: 60 });
    try {
      const out = join(dir, 'x.jsonl');
      const args = ['x:harbourbooks', '--base-url', server.url, '--out', out, '--yes'];
      const kills = await fetchWithKills(server, (path) => path.includes('/followers'), args, out, [2, 4]);
      const ids = idsIn(out);
      const expected = followers.map((user) => String(user.id));
      assert.equal(countDuplicates(ids), 0);
      assert.equal(countMissing(ids, expected), 0);
      assert.deepEqual(ids, expected);
      assert.equal(server.requests.filter((request) => request.path.includes('/by/username/')).length, 1);
      t.diagnostic(`kills: ${JSON.stringify(kills)}; duplicates 0, missing 0 of ${expected.length}`);
    } finally {
      await server.close();
    }
  });
});
