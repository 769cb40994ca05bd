// `realreach watch` as a user runs it, against a local Mastodon server: snapshots stamped with the platform's answer time, in the store.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { LocalApiServer } from '../../../connectors/local-api-server.ts';
import {
  type MastodonEntity,
  startLocalMastodonServer,
  syntheticMastodonAccount,
} from '../../../connectors/mastodon/local-mastodon-server.ts';
import { openStore } from '../../../store/dialects/open-store.ts';
import { CLI } from '../_test-cli.ts';
import { parseEvery } from './watch.ts';

const dir = mkdtempSync(join(tmpdir(), 'realreach-watch-'));
const DOMAIN = 'mastodon.example';

function realreach(args: string[]) {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: dir,
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

describe('realreach watch', () => {
  let mastodon: LocalApiServer;
  before(async () => {
    const profile: MastodonEntity = {
      ...syntheticMastodonAccount(1_000_000, DOMAIN),
      username: 'alice',
      acct: 'alice',
      followers_count: 321,
    };
    mastodon = await startLocalMastodonServer({ domain: DOMAIN, profile, followers: [] });
  });
  after(async () => {
    await mastodon.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records the follower count at the time the platform answered', async () => {
    const db = join(dir, 'store.db');
    const started = Date.now();
    const result = await realreach([
      'watch',
      `@alice@${DOMAIN}`,
      '--base-url',
      mastodon.url,
      '--times',
      '1',
      '--json',
      '--db',
      db,
    ]);
    assert.equal(result.code, 0, result.stderr);
    const printed = JSON.parse(result.stdout);
    const store = await openStore({ db });
    try {
      const snapshots = await store.listSnapshots('mastodon', printed.profileId);
      assert.equal(snapshots.length, 1);
      assert.equal(snapshots[0]?.followersCount, 321);
      const at = snapshots[0]?.observedAt.getTime() ?? 0;
      assert.ok(at >= started - 1_000 && at <= Date.now());
    } finally {
      await store.close();
    }
  });

  it('refuses a period under a minute and a malformed profile as usage errors', async () => {
    assert.throws(() => parseEvery('10s'));
    assert.equal(parseEvery('1d'), 86_400_000);
    assert.equal((await realreach(['watch', 'not a profile', '--times', '1'])).code, 2);
  });

  it('--queue on SQLite is a usage error: queued watches need PostgreSQL and workers', async () => {
    const result = await realreach(['watch', `@alice@${DOMAIN}`, '--queue', '--db', join(dir, 'queue.db')]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--queue needs PostgreSQL/);
  });
});
