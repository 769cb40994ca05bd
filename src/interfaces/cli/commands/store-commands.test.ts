// `realreach audits`, `show` and `token` end to end, in a child process on a SQLite file, as a user runs them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openSqliteStore } from '../../../store/dialects/sqlite.ts';
import { syntheticFollowers, syntheticReport } from '../../../store/fixtures/synthetic-audit.ts';
import { CLI } from '../_test-cli.ts';
import { renderAuditList } from './audits.ts';

const dir = mkdtempSync(join(tmpdir(), 'realreach-store-cli-'));
const db = join(dir, 'audits.db');
after(() => rmSync(dir, { recursive: true, force: true }));

/** The environment without a store of its own, plus what a test sets. */
function realreach(args: string[], env: NodeJS.ProcessEnv = {}) {
  const { DATABASE_URL: _url, REALREACH_DB: _db, ...rest } = process.env;
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...rest, ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const profiled = syntheticReport({ profile: { id: '5', handle: 'example' }, followersRead: 40 });
const anonymous = syntheticReport({ profile: null, followersRead: 3 });

before(async () => {
  const store = await openSqliteStore(db);
  await store.saveAudit(profiled, syntheticFollowers(40));
  await store.saveAudit(anonymous, syntheticFollowers(3));
  await store.close();
});

describe('realreach audits', () => {
  it('lists the saved audits newest first, as a table or JSON, all or one profile', () => {
    const table = realreach(['audits', '--db', db]);
    assert.equal(table.code, 0, table.stderr);
    const lines = table.stdout.trim().split('\n');
    assert.match(lines[0] as string, /^id\s+saved\s+profile/);
    assert.match(lines[1] as string, /^ 2 .* — /);
    assert.match(lines[2] as string, /^ 1 .* x @example .* 40 .* 30\.0 % \(28\.0–32\.0 %\)/);
    const json = realreach(['audits', '--db', db, '--json', '--profile', 'x:@example']);
    assert.deepEqual(
      JSON.parse(json.stdout).map((audit: { id: number; followersRead: number }) => [
        audit.id,
        audit.followersRead,
      ]),
      [[1, 40]],
    );
    assert.equal(
      realreach(['audits', '--db', db, '--profile', 'x:5', '--json']).stdout.includes('"id": 1'),
      true,
    );
  });

  it('says when there is nothing saved, and takes the file from REALREACH_DB', () => {
    const empty = realreach(['audits'], { REALREACH_DB: join(dir, 'empty.db') });
    assert.equal(empty.code, 0, empty.stderr);
    assert.equal(empty.stdout, 'no saved audits\n');
    assert.ok(existsSync(join(dir, 'empty.db')));
  });

  it('refuses a malformed --profile with exit 2', () => {
    const result = realreach(['audits', '--db', db, '--profile', 'myspace:1']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--profile: expected <platform>:<id>/);
  });
});

describe('realreach show', () => {
  it('prints the saved report as JSON, exactly as it was saved', () => {
    const result = realreach(['show', '2', '--db', db, '--format', 'json']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), anonymous);
  });

  it('renders the terminal summary and the HTML page with the most suspicious followers', () => {
    const text = realreach(['show', '1', '--db', db]);
    assert.equal(text.code, 0, text.stderr);
    assert.ok(text.stdout.includes(profiled.headline));
    const out = join(dir, 'audit.html');
    const html = realreach(['show', '1', '--db', db, '--format', 'html', '--followers', '5', '--out', out]);
    assert.equal(html.code, 0, html.stderr);
    const page = readFileSync(out, 'utf8');
    assert.match(page, /^<!doctype html>/);
    assert.ok(page.includes('Followers (5, most suspicious first)'));
  });

  it('exits 1 for an audit that is not there and 2 for an id or format that cannot be one', () => {
    const absent = realreach(['show', '99', '--db', db]);
    assert.equal(absent.code, 1);
    assert.match(absent.stderr, /no saved audit with id 99/);
    assert.equal(realreach(['show', 'one', '--db', db]).code, 2);
    assert.equal(realreach(['show', '1', '--db', db, '--format', 'pdf']).code, 2);
  });
});

describe('realreach token', () => {
  it('creates a token printed once, lists it without it, and revokes it once', () => {
    const tokens = join(dir, 'tokens.db');
    const created = realreach(['token', 'create', 'ci pipeline', '--db', tokens]);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /^rr_[A-Za-z0-9_-]{43}\n$/);
    assert.match(created.stderr, /token 1 "ci pipeline" created; it is shown this once/);
    const token = created.stdout.trim();
    for (const file of [tokens, `${tokens}-wal`].filter(existsSync))
      assert.ok(!readFileSync(file).includes(token), `${file} holds the token`);

    const listed = realreach(['token', 'list', '--db', tokens]);
    assert.match(listed.stdout, /^ 1 {2}ci pipeline {2}.* UTC {2}never {6}—$/m);
    assert.ok(!listed.stdout.includes(token));

    assert.equal(realreach(['token', 'revoke', '1', '--db', tokens]).stdout, 'token 1 revoked\n');
    const again = realreach(['token', 'revoke', '1', '--db', tokens]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /no live token with id 1/);
    const json = JSON.parse(realreach(['token', 'list', '--json', '--db', tokens]).stdout);
    assert.equal(typeof json[0].revokedAt, 'string');
  });
});

describe('realreach audits with hostile handles', () => {
  it('prints terminal escape sequences from an uploaded handle as visible escapes (issue 11)', () => {
    const table = renderAuditList([
      {
        id: 1,
        createdAt: new Date('2026-01-01T00:00:00Z'),
        profile: { platform: 'x', id: '1', handle: 'evil\u001b]0;owned\u0007\u001b[2J\u009b31m' },
        model: 'x',
        headline: 'h',
        followersRead: 1,
        fakeShare: { estimate: 0.1, low: 0, high: 0.2 },
        realFollowers: { estimate: 1, low: 1, high: 1 },
        qualityScore: 50,
      },
    ]);
    const controls = [...table].filter((char) => {
      const code = char.charCodeAt(0);
      return (code < 0x20 && char !== '\n') || (code >= 0x7f && code <= 0x9f);
    });
    assert.deepEqual(controls, []);
    assert.match(table, /evil\\x1b\]0;owned\\x07\\x1b\[2J\\x9b31m/);
  });
});

describe('realreach audits on a shifted audit (issue 9)', () => {
  const summary = (headline: string) => ({
    id: 1,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    profile: { platform: 'x' as const, id: '1', handle: 'lumen' },
    model: 'x',
    headline,
    followersRead: 2500,
    fakeShare: { estimate: 0.298, low: 0.011, high: 0.674 },
    realFollowers: { estimate: 1755, low: 815, high: 2474 },
    qualityScore: 31.9,
  });

  it('lists the range first and marks the reading when the headline says it may be off, the point first otherwise', () => {
    for (const headline of [
      'Between 815 and 2,470 real followers of 2,500 (1.1–67.4 % fake); the model reads ≈ 1,760 (29.8 % fake), but these followers do not look like the accounts it was trained on, so that reading may be off; verify it with a labelled sample: realreach review',
      '≈ 1,760 real followers of 2,500 (95 % CI 815–2,470); 29.8 % fake (1.1–67.4 %); caution: this figure may be off — …',
    ]) {
      const table = renderAuditList([summary(headline)]);
      assert.match(
        table,
        /815–2,474 \(the model reads 1,755: may be off\)/,
        'saved before or after the range led',
      );
      assert.match(table, /1\.1–67\.4 % \(the model reads 29\.8 %: may be off\)/);
    }
    const sure = renderAuditList([
      summary('≈ 1,760 real followers of 2,500 (95 % CI 815–2,470); 29.8 % fake'),
    ]);
    assert.match(sure, /1,755 \(815–2,474\)/);
    assert.doesNotMatch(sure, /may be off/);
  });
});

describe('realreach campaign create', () => {
  it('refuses a campaign day that is not on the calendar, which Date would roll into March', () => {
    const run = realreach([
      'campaign',
      'create',
      'Spring',
      '--cost',
      '10',
      '--currency',
      'EUR',
      '--start',
      '2026-02-30',
      '--db',
      db,
    ]);
    assert.equal(run.code, 2, run.stdout);
    assert.match(
      run.stderr,
      /--start: expected a date YYYY-MM-DD \(a day of the calendar\), got "2026-02-30"/,
    );
    const good = realreach([
      'campaign',
      'create',
      'Spring',
      '--cost',
      '10',
      '--currency',
      'EUR',
      '--start',
      '2024-02-29',
      '--db',
      db,
    ]);
    assert.equal(good.code, 0, good.stderr);
  });
});

describe('realreach link list', () => {
  it('says a campaign that is not there is not there, instead of listing no links', () => {
    const run = realreach(['link', 'list', '--campaign', '99', '--db', db]);
    assert.equal(run.code, 1, run.stdout);
    assert.match(run.stderr, /no campaign with id 99/);
  });
});
