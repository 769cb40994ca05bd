// realreach hydrate: thin records (a DID, a handle, a name nobody has) filled through the Bluesky connector against the local AppView, end to end through the CLI.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Account } from '../../core/account.ts';
import { startLocalBlueskyServer, syntheticBlueskyProfile } from '../bluesky/local-bluesky-server.ts';
import { createHydrator } from './hydrate-accounts.ts';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'realreach-hydrate-'));
const retry = { retries: 2, minDelayMs: 10, timeoutMs: 2000 };
after(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'src/interfaces/cli/main.ts'), ...args],
      {
        cwd: ROOT,
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code) => done({ code, stderr }));
  });
}

describe('hydrate', () => {
  const followers = Array.from({ length: 40 }, (_, i) => syntheticBlueskyProfile(i)).filter(
    (view) => !JSON.stringify(view).includes('!no-unauthenticated'),
  );
  const profile = { ...syntheticBlueskyProfile(1_000_000), handle: 'harbour-books.test', followersCount: 40 };
  const thin = (id: string, handle?: string): Account => ({
    platform: 'bluesky',
    id,
    handle,
    followedAt: new Date('2025-03-01T00:00:00.000Z'),
    source: { format: 'test', file: 'thin.jsonl' },
  });

  it('fills DIDs and handles 25 a call, keeps when they followed, and names the accounts it cannot find', async () => {
    const server = await startLocalBlueskyServer({ profile, followers });
    try {
      const hydrator = createHydrator('bluesky', { baseUrl: server.url, retry });
      assert.equal(hydrator.perCall, 25);
      const first = followers[0] as Record<string, unknown>;
      const second = followers[1] as Record<string, unknown>;
      const answers = await hydrator.hydrate(
        [
          thin(String(first.did)),
          thin(String(second.handle), String(second.handle)),
          thin('nobody.test', 'nobody.test'),
        ],
        new AbortController().signal,
      );
      assert.equal(answers.length, 3);
      const [a, b, c] = answers;
      assert.ok(a && 'account' in a && a.account.id === first.did && a.account.followersCount !== undefined);
      assert.ok(b && 'account' in b && b.account.id === second.did);
      assert.equal(a.account.followedAt?.toISOString(), '2025-03-01T00:00:00.000Z');
      assert.ok(c && 'missing' in c && /no account @nobody\.test/.test(c.missing));
    } finally {
      await server.close();
    }
  });

  it('realreach hydrate writes every follower: filled profiles and the ones not found as they were', async () => {
    const server = await startLocalBlueskyServer({ profile, followers });
    try {
      const input = join(dir, 'handles.csv');
      const handles = followers.slice(0, 30).map((view) => String(view.handle));
      writeFileSync(input, `handle\n${[...handles, 'ghost.test'].join('\n')}\n`);
      const out = join(dir, 'profiles.jsonl');
      const result = await run([
        'hydrate',
        input,
        '--columns',
        'handle=handle',
        '--platform',
        'bluesky',
        '--base-url',
        server.url,
        '--out',
        out,
      ]);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /30 profiles filled, 1 not found \(written as they were\), 0 rejected/);
      const lines = readFileSync(out, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      assert.equal(lines.length, 31);
      assert.equal(lines.filter((line) => line.followersCount !== undefined).length, 30);
      const refused = await run([
        'hydrate',
        input,
        '--columns',
        'handle=handle',
        '--platform',
        'instagram',
        '--out',
        out,
      ]);
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /Instagram has no API realreach can use/);
    } finally {
      await server.close();
    }
  });
});

describe('a failing hydrate', () => {
  it("says which host answered what, in one short line without the request's ids", async () => {
    const followers = Array.from({ length: 30 }, (_, i) => syntheticBlueskyProfile(i));
    const server = await startLocalBlueskyServer({
      profile: { ...syntheticBlueskyProfile(1_000_000), handle: 'harbour-books.test', followersCount: 30 },
      followers,
    });
    try {
      server.injectFaults(
        Array.from({ length: 20 }, () => ({ status: 400 })),
        (url) => url.pathname.endsWith('getProfiles'),
      );
      const input = join(dir, 'dids.csv');
      writeFileSync(input, `id\n${followers.map((view) => String(view.did)).join('\n')}\n`);
      const result = await run([
        'hydrate',
        input,
        '--columns',
        'id=id',
        '--platform',
        'bluesky',
        '--base-url',
        server.url,
        '--out',
        join(dir, 'failed.jsonl'),
      ]);
      assert.equal(result.code, 1, result.stderr);
      const host = new URL(server.url).host;
      assert.match(result.stderr, new RegExp(`${host}/xrpc/app\\.bsky\\.actor\\.getProfiles answered 400`));
      assert.doesNotMatch(result.stderr, /actors=|did%3A|\?/, 'no query, no ids');
      for (const line of result.stderr.trim().split('\n')) assert.ok(line.length < 240, line);
    } finally {
      await server.close();
    }
  });
});

describe('hydrate on X', () => {
  it('looks ids up 100 a call and usernames by name with the bearer token; refuses without one', async () => {
    const { startLocalXServer, syntheticXUser } = await import('../x/local-x-server.ts');
    const followers = Array.from({ length: 150 }, (_, i) => syntheticXUser(i));
    const server = await startLocalXServer({
      bearerToken: 'secret',
      profile: { ...syntheticXUser(1_000_000), username: 'harbour' },
      followers,
    });
    try {
      assert.throws(() => createHydrator('x', { baseUrl: server.url, retry }), /X_BEARER_TOKEN/);
      const hydrator = createHydrator('x', { baseUrl: server.url, retry, xBearerToken: 'secret' });
      const ids = followers.slice(0, 100).map((user) => thinX(String(user.id)));
      const answers = await hydrator.hydrate(
        [...ids.slice(0, 99), thinX('follower_120', 'follower_120'), thinX('123')],
        new AbortController().signal,
      );
      assert.equal(answers.filter((answer) => 'account' in answer).length, 100);
      const named = answers[99];
      assert.ok(named && 'account' in named && named.account.id === String(followers[120]?.id));
      assert.ok(named.account.followersCount !== undefined);
      assert.ok('missing' in (answers[100] as object));
      assert.equal(server.requests.filter((request) => request.path.startsWith('/2/users')).length, 2);
    } finally {
      await server.close();
    }
  });
});

function thinX(id: string, handle?: string): Account {
  return { platform: 'x', id, handle, source: { format: 'test', file: 'follower.js' } };
}
