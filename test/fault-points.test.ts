// The risky moments forced with REALREACH_FAULT (issue 16): fetch killed between writing a page and its checkpoint, audit --save killed between the audit and its snapshot; resumed and rerun, every record compared whole.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  startLocalMastodonServer,
  syntheticMastodonAccount,
} from '../src/connectors/mastodon/local-mastodon-server.ts';
import { CLI } from '../src/interfaces/cli/_test-cli.ts';
import { openSqliteStore } from '../src/store/dialects/sqlite.ts';
import type { Store } from '../src/store/store.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DEMO = join(ROOT, 'examples', 'demo-audience');
const dir = mkdtempSync(join(tmpdir(), 'realreach-faults-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], fault?: string) {
  const { REALREACH_FAULT: _unset, DATABASE_URL: _url, REALREACH_DB: _db, ...env } = process.env;
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: dir,
    env: fault === undefined ? env : { ...env, REALREACH_FAULT: fault },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdout.resume();
  return new Promise<{ code: number | null; signal: string | null; stderr: string }>((done) =>
    child.on('exit', (code, signal) => done({ code, signal, stderr })),
  );
}

/** Every record of a JSONL file, parsed; the capture time left out (it is the time of each fetch). */
function records(path: string): unknown[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const { observedAt: _observedAt, ...record } = JSON.parse(line);
      return record;
    });
}

async function everyFollower(store: Store, id: number) {
  const all = [];
  let cursor: string | undefined;
  do {
    const page = await store.pageFollowers(id, { sort: 'pFake desc', limit: 1000, cursor });
    assert.ok(page);
    all.push(...page.followers);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return all;
}

describe('risky moments forced with REALREACH_FAULT', { timeout: 180_000 }, () => {
  it('fetch killed between a page and its checkpoint resumes to the same records, field for field', async () => {
    const domain = 'mastodon.example';
    const followers = Array.from({ length: 400 }, (_, i) => syntheticMastodonAccount(i, domain));
    const profile = {
      ...syntheticMastodonAccount(1_000_000, domain),
      username: 'alice',
      acct: 'alice',
      followers_count: 400,
    };
    const server = await startLocalMastodonServer({ domain, profile, followers });
    try {
      const args = (out: string) => ['fetch', `@alice@${domain}`, '--base-url', server.url, '--out', out];
      const clean = join(dir, 'clean.jsonl');
      assert.equal((await run(args(clean))).code, 0);

      const forced = join(dir, 'forced.jsonl');
      const killed = await run(args(forced), 'fetch:after-page@3');
      assert.equal(killed.signal, 'SIGKILL', killed.stderr);
      const checkpoint = JSON.parse(readFileSync(`${forced}.checkpoint.json`, 'utf8'));
      assert.equal(checkpoint.pagesDone, 2, 'the third page was written, its checkpoint not');
      assert.ok(records(forced).length > checkpoint.followersFetched, 'the unfinished page is on disk');

      const resumed = await run([...args(forced), '--resume']);
      assert.equal(resumed.code, 0, resumed.stderr);
      assert.deepEqual(records(forced), records(clean));
      assert.equal(records(forced).length, 400);
      assert.ok(!existsSync(`${forced}.checkpoint.json`));
    } finally {
      await server.close();
    }
  });

  it('audit --save killed between the audit and its snapshot leaves nothing; the rerun saves the same audit once', async () => {
    const input = [
      'audit',
      join(DEMO, 'followers.jsonl'),
      '--profile',
      join(DEMO, 'profile.json'),
      '--sample',
      '500',
      '--observed-at',
      '2026-11-01T00:00:00Z',
    ];
    const cleanDb = join(dir, 'clean.db');
    assert.equal((await run([...input, '--save', '--db', cleanDb])).code, 0);

    const forcedDb = join(dir, 'forced.db');
    const killed = await run([...input, '--save', '--db', forcedDb], 'save:after-followers');
    assert.equal(killed.signal, 'SIGKILL', killed.stderr);
    const afterKill = await openSqliteStore(forcedDb);
    try {
      assert.deepEqual(await afterKill.listAudits({ limit: 10 }), []);
      assert.deepEqual(await afterKill.listProfiles(), []);
    } finally {
      await afterKill.close();
    }

    assert.equal((await run([...input, '--save', '--db', forcedDb])).code, 0);
    const [clean, forced] = await Promise.all([openSqliteStore(cleanDb), openSqliteStore(forcedDb)]);
    try {
      const [cleanAudits, forcedAudits] = [
        await clean.listAudits({ limit: 10 }),
        await forced.listAudits({ limit: 10 }),
      ];
      assert.equal(forcedAudits.length, 1, 'saved exactly once');
      const [a, b] = [
        await clean.getAudit(cleanAudits[0]?.id ?? -1),
        await forced.getAudit(forcedAudits[0]?.id ?? -1),
      ];
      assert.ok(a && b);
      assert.deepEqual(b.report, a.report);
      assert.deepEqual(await everyFollower(forced, b.id), await everyFollower(clean, a.id));
      const profileId = a.report.profile?.id as string;
      assert.deepEqual(await forced.listSnapshots('x', profileId), await clean.listSnapshots('x', profileId));
      assert.equal((await forced.listSnapshots('x', profileId)).length, 1);
    } finally {
      await clean.close();
      await forced.close();
    }
  });
});
