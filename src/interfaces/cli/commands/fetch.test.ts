// `realreach fetch` as a user runs it, against local servers: --json, --save, hidden networks, the X cost confirmation, exit codes.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { LocalApiServer } from '../../../connectors/local-api-server.ts';
import {
  type MastodonEntity,
  startLocalMastodonServer,
  syntheticMastodonAccount,
} from '../../../connectors/mastodon/local-mastodon-server.ts';
import { startLocalXServer, syntheticXUser, type XUser } from '../../../connectors/x/local-x-server.ts';
import { openStore } from '../../../store/dialects/open-store.ts';
import { CLI } from '../_test-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'realreach-fetch-cli-'));
const DOMAIN = 'mastodon.example';
const X_TOKEN = 'cli-test-token';

/** Runs the CLI in a child process without a terminal; the servers answer from this process meanwhile. */
function realreach(args: string[], env: Record<string, string | undefined> = {}) {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: dir,
    env: { ...process.env, X_BEARER_TOKEN: undefined, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) =>
    child.on('exit', (code) => done({ code, stdout, stderr })),
  );
}

describe('realreach fetch', () => {
  let mastodon: LocalApiServer;
  let hidden: LocalApiServer;
  let x: LocalApiServer;

  before(async () => {
    const followers = Array.from({ length: 120 }, (_, i) => syntheticMastodonAccount(i, DOMAIN));
    const profile: MastodonEntity = {
      ...syntheticMastodonAccount(1_000_000, DOMAIN),
      username: 'alice',
      acct: 'alice',
      followers_count: 120,
    };
    mastodon = await startLocalMastodonServer({ domain: DOMAIN, profile, followers });
    hidden = await startLocalMastodonServer({ domain: DOMAIN, profile, followers, hideNetwork: true });
    const xProfile: XUser = { ...syntheticXUser(9_999_999), username: 'harbourbooks' };
    (xProfile.public_metrics as Record<string, number>).followers_count = 12_345;
    x = await startLocalXServer({ bearerToken: X_TOKEN, profile: xProfile, followers: [syntheticXUser(1)] });
  });
  after(async () => {
    await Promise.all([mastodon.close(), hidden.close(), x.close()]);
  });

  it('prints the meta with --json and records the follower-count snapshot in the store with --save', async () => {
    const db = join(dir, 'store.db');
    const out = join(dir, 'alice.jsonl');
    const result = await realreach([
      'fetch',
      `@alice@${DOMAIN}`,
      '--base-url',
      mastodon.url,
      '--out',
      out,
      '--json',
      '--save',
      '--db',
      db,
    ]);
    assert.equal(result.code, 0, result.stderr);
    const meta = JSON.parse(result.stdout);
    assert.equal(meta.followersFetched, 120);
    assert.equal(meta.order, 'newest-first');
    const store = await openStore({ db });
    try {
      const snapshots = await store.listSnapshots('mastodon', meta.snapshot.profileId);
      assert.equal(snapshots.length, 1);
      assert.equal(snapshots[0]?.followersCount, 120);
    } finally {
      await store.close();
    }
  });

  it('audit <profile> fetches first, then audits the list as recent intake with the fetched profile', async () => {
    const out = join(dir, 'audit-alice.jsonl');
    const args = [
      'audit',
      `@alice@${DOMAIN}`,
      '--base-url',
      mastodon.url,
      '--fetch-out',
      out,
      '--format',
      'json',
    ];
    const result = await realreach(args);
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout);
    assert.equal(report.followersRead, 120);
    assert.equal(report.profile.handle, 'alice');
    assert.equal(report.model.name, 'general');
    // all 120 were fetched: a whole list, not a recent-intake sample (that needs --max below the count)
    assert.equal(report.sample.kind, 'all');
    assert.equal(report.sample.recentIntake, false);
    const again = await realreach(['audit', out, '--format', 'json']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /written by realreach fetch: its profile and its newest-first order are used/);
    assert.equal(JSON.parse(again.stdout).profile.handle, 'alice');
  });

  it('audit <profile> --max reports a partial newest-first list as recent intake', async () => {
    const out = join(dir, 'audit-alice-max.jsonl');
    const args = ['audit', `@alice@${DOMAIN}`, '--base-url', mastodon.url, '--fetch-out', out, '--max', '40'];
    const result = await realreach([...args, '--format', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout);
    assert.equal(report.followersRead, 40);
    assert.equal(report.sample.recentIntake, true);
    assert.match(report.headline, /^Recent intake/);
  });

  it('audit <profile> of a hidden network says so and exits 1', async () => {
    const args = ['audit', `@alice@${DOMAIN}`, '--base-url', hidden.url, '--fetch-out', join(dir, 'h.jsonl')];
    const result = await realreach(args);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /hides who follows it/);
  });

  it('says a hidden network is hidden and exits 1', async () => {
    const result = await realreach([
      'fetch',
      `@alice@${DOMAIN}`,
      '--base-url',
      hidden.url,
      '--out',
      join(dir, 'hidden.jsonl'),
    ]);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /@alice@mastodon\.example hides who follows it: the server lists none of its 120 followers/,
    );
  });

  it('X: shows the cost estimate and refuses without --yes when there is no terminal to ask; needs X_BEARER_TOKEN', async () => {
    const args = [
      'fetch',
      'x:harbourbooks',
      '--base-url',
      x.url,
      '--out',
      join(dir, 'x.jsonl'),
      '--price-per-follower',
      '0.02',
    ];
    const refused = await realreach(args, { X_BEARER_TOKEN: X_TOKEN });
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /12,345 followers × USD 0\.02 = about USD 246\.90/);
    assert.match(refused.stderr, /add --yes to accept it/);
    assert.equal(x.requests.filter((request) => request.path.includes('/followers')).length, 0);
    const accepted = await realreach([...args, '--yes'], { X_BEARER_TOKEN: X_TOKEN });
    assert.equal(accepted.code, 0, accepted.stderr);
    const untokened = await realreach(args);
    assert.equal(untokened.code, 2);
    assert.match(untokened.stderr, /set X_BEARER_TOKEN/);
  });

  it('exits 2 on a profile it cannot read', async () => {
    const result = await realreach(['fetch', 'alice']);
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /expected @user@instance \(Mastodon\), bsky:handle or did:… \(Bluesky\), x:handle \(X\)/,
    );
  });
});
