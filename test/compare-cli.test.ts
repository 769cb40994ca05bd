// `realreach history --import` and `realreach compare` end to end on saved audits of three synthetic profiles.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI } from '../src/interfaces/cli/_test-cli.ts';

const ROOT = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'realreach-compare-'));
const db = join(dir, 'store.db');
after(() => rmSync(dir, { recursive: true, force: true }));

function realreach(args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args, '--db', db], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const HANDLES = ['ana_bakes', 'ben_rides', 'cleo_codes'];

describe('realreach history and compare', () => {
  before(() => {
    const profile = JSON.parse(readFileSync(join(ROOT, 'examples', 'demo-audience', 'profile.json'), 'utf8'));
    HANDLES.forEach((handle, i) => {
      const path = join(dir, `${handle}.json`);
      writeFileSync(
        path,
        JSON.stringify({ ...profile, id_str: String(990000000101 + i), screen_name: handle }),
      );
      const followers = join(ROOT, 'examples', 'demo-audience', 'followers.jsonl');
      const run = realreach([
        'audit',
        followers,
        '--profile',
        path,
        '--sample',
        String(200 * (i + 1)),
        '--seed',
        '1',
        '--save',
        '--format',
        'json',
      ]);
      assert.equal(run.code, 0, run.stderr);
    });
  });

  it('says why a profile audited without a capture time has no history, and how to start one', () => {
    const audited = realreach(['history', 'x:990000000102']);
    assert.equal(audited.code, 1);
    assert.match(audited.stderr, /x:990000000102: it has 1 saved audit but no follower-count snapshot/);
    assert.match(audited.stderr, /only with the time it was read/);
    assert.match(audited.stderr, /--observed-at/);
    // watch looks profiles up by handle: `watch x:990000000102` would read the id as a username.
    assert.match(audited.stderr, /record its count now with `realreach watch x:ben_rides`/);
    assert.doesNotMatch(audited.stderr, /realreach watch x:990000000102/);
    const unknown = realreach(['history', 'x:123']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /the store has no audit and no follower count of it/);
  });

  it('counts an import of one row in the singular', () => {
    const one = join(dir, 'one-row.csv');
    writeFileSync(one, 'date,followers\n2026-01-01,1\n');
    const run = realreach(['history', 'x:990000000103', '--import', one]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stderr,
      /imported 1 row of .*one-row\.csv \(0 rejected, 0 repeated dates: the later kept\)/,
    );
    assert.match(run.stdout, /^1 snapshot of x:990000000103/);
  });

  it('imports a history CSV into a profile and finds its events', () => {
    const run = realreach([
      'history',
      'x:990000000101',
      '--import',
      join(ROOT, 'examples', 'growth', 'history.csv'),
      '--format',
      'json',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout);
    assert.equal(out.snapshots.length, 300);
    assert.ok(out.snapshots.every((s: { source: string }) => s.source === 'import:history.csv'));
    assert.ok(out.events.some((e: { kind: string }) => e.kind === 'drop'));
  });

  it('finds a stored history by handle, as watch names profiles, not only by platform id', () => {
    const byHandle = realreach(['history', 'x:@ana_bakes']);
    assert.equal(byHandle.code, 0, byHandle.stderr);
    assert.match(byHandle.stdout, /^300 snapshots of x:@ana_bakes/);
    assert.match(realreach(['history', 'x:ana_bakes']).stdout, /^300 snapshots of x:ana_bakes/);
    const csv = join(dir, 'alice.csv');
    writeFileSync(csv, 'date,followers\n2026-01-01,10\n2026-01-02,12\n');
    const imported = realreach([
      'history',
      'mastodon:110000000',
      '--import',
      csv,
      '--handle',
      'alice@mastodon.example',
    ]);
    assert.equal(imported.code, 0, imported.stderr);
    const asWatched = realreach(['history', '@alice@mastodon.example']);
    assert.equal(asWatched.code, 0, asWatched.stderr);
    assert.match(asWatched.stdout, /^2 snapshots of @alice@mastodon\.example/);
    const unknown = realreach(['history', '@bob@mastodon.example']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no stored profile @bob@mastodon\.example with a platform id/);
    assert.equal(realreach(['history', 'myspace:1']).code, 2);
  });

  it('ranks three candidates on the high end of their cost per 1,000 real followers, and exports CSV', () => {
    const args = [
      'compare',
      '@ana_bakes',
      'x:ben_rides',
      '3',
      '--price',
      'ana_bakes=300',
      '--price',
      '@ben_rides=350',
      '--price',
      '3=200',
    ];
    const run = realreach([...args, '--format', 'json']);
    assert.equal(run.code, 0, run.stderr);
    const { candidates, cpmBenchmark } = JSON.parse(run.stdout);
    assert.equal(candidates.length, 3);
    assert.deepEqual(cpmBenchmark, { value: 10, assumption: true });
    const highs = candidates.map((c: { costPer1000Real: { high: number } }) => c.costPer1000Real.high);
    assert.deepEqual(
      highs,
      [...highs].sort((a: number, b: number) => a - b),
    );
    assert.deepEqual(
      candidates.map((c: { rank: number }) => c.rank),
      [1, 2, 3],
    );
    for (const c of candidates) {
      assert.ok(
        c.costPer1000Real.low <= c.costPer1000Real.estimate &&
          c.costPer1000Real.estimate <= c.costPer1000Real.high,
      );
      // money in cents, reach in whole followers: no float noise such as 743.9319999999999
      assert.ok(Math.abs(c.costPer1000Real.estimate - (c.price / c.realFollowers.estimate) * 1000) <= 0.005);
      for (const money of [c.costPer1000Real, c.effectiveCpm, c.fairPrice])
        for (const value of [money.estimate, money.low, money.high])
          assert.equal(value, Math.round(value * 100) / 100, `${value} is not in cents`);
      for (const value of Object.values(c.qualityAdjustedReach) as number[])
        assert.ok(Number.isInteger(value), `reach ${value}`);
    }
    assert.equal(candidates.find((c: { name: string }) => c.name === '@ana_bakes').events.drops, 1);
    const csv = realreach([...args, '--format', 'csv']);
    assert.equal(csv.stdout.trim().split('\n').length, 4);
    assert.match(csv.stdout, /^rank,name,platform,handle,followers,real_followers,/);
    assert.doesNotMatch(csv.stdout, /\d\.\d*(?:0{5}|9{5})\d/);
  });

  it('refuses one saved audit named twice, naming both, rather than ranking it against itself', () => {
    const run = realreach(['compare', '@ana_bakes', 'x:ben_rides', 'x:ana_bakes']);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /@ana_bakes and x:ana_bakes name the same saved audit \(#\d+, @ana_bakes\): give each candidate once/,
    );
    assert.equal(run.stdout, '');
  });

  it('names a candidate it cannot find', () => {
    const run = realreach(['compare', '@ana_bakes', '@nobody']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /no saved profile @nobody/);
  });
});
