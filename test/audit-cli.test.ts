// `realreach audit` end to end in a child process: the demo audience's report in each format, determinism for a seed, options and exit codes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { auditReportSchema } from '../src/audit/report-schema.ts';
import { CLI } from '../src/interfaces/cli/_test-cli.ts';
import { FOLLOWER_CSV_HEADER } from '../src/interfaces/report/index.ts';
import { openStore } from '../src/store/dialects/open-store.ts';
import { shiftedDemo } from './shifted-demo.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DEMO = join('examples', 'demo-audience');
const FOLLOWERS = join(DEMO, 'followers.jsonl');
const PROFILE = join(DEMO, 'profile.json');
const dir = mkdtempSync(join(tmpdir(), 'realreach-audit-'));

function realreach(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [CLI, 'audit', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    input,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('realreach audit', () => {
  it('--save keeps the report, every follower row (the explained ones with reasons) and the profile snapshot at a known time', async () => {
    const db = join(dir, 'saved.db');
    const result = realreach([FOLLOWERS, '--profile', PROFILE, '--format', 'json', '--save', '--db', db]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /saved as audit 1/);
    const store = await openStore({ db });
    try {
      const saved = await store.getAudit(1);
      assert.equal(saved?.report.headline, JSON.parse(result.stdout).headline);
      const page = await store.pageFollowers(1, { sort: 'pFake desc', limit: 5000 });
      assert.equal(page?.followers.length, 2500);
      assert.equal(page?.followers[0]?.reasons.length, 3, 'the most suspicious follower keeps its reasons');
      // The profile file carries no capture time: its modification time is no observation, so no point of history.
      assert.deepEqual(await store.listSnapshots('x', '990000000001'), []);
    } finally {
      await store.close();
    }
    const stated = realreach([
      FOLLOWERS,
      '--profile',
      PROFILE,
      '--observed-at',
      '2026-11-01T09:00:00Z',
      '--save',
      '--db',
      db,
    ]);
    assert.equal(stated.code, 0, stated.stderr);
    const again = await openStore({ db });
    try {
      const history = await again.listSnapshots('x', '990000000001');
      assert.deepEqual(
        history.map((snapshot) => [snapshot.followersCount, snapshot.observedAt.toISOString()]),
        [[2500, '2026-11-01T09:00:00.000Z']],
      );
    } finally {
      await again.close();
    }
  });

  it('prints a JSON report that fits the schema, the same for the same seed', () => {
    const args = [FOLLOWERS, '--profile', PROFILE, '--format', 'json', '--seed', '7'];
    const first = realreach(args);
    assert.equal(first.code, 0, first.stderr);
    const report = auditReportSchema.parse(JSON.parse(first.stdout));
    assert.equal(report.followersRead, 2500);
    assert.deepEqual(report.followerBase, { count: 2500, source: 'profile' });
    assert.equal(report.profile?.handle, 'lumen_roasters');
    // the demo looks like the training data (the shift test does not fire): the point leads
    assert.equal(report.domainShift.large, false);
    assert.match(report.headline, /^≈ [\d,]+ real followers of 2,500 \(95 % CI [\d,]+–[\d,]+\)/);
    assert.ok(
      report.fakeShare.low <= report.fakeShare.estimate && report.fakeShare.estimate <= report.fakeShare.high,
    );
    assert.equal(realreach(args).stdout, first.stdout);
  });

  it('leads the JSON headline with the range when the shift test fires (the demo with its handles cut short)', async () => {
    const shifted = await shiftedDemo();
    const result = realreach([shifted, '--profile', PROFILE, '--format', 'json', '--seed', '7']);
    assert.equal(result.code, 0, result.stderr);
    const report = auditReportSchema.parse(JSON.parse(result.stdout));
    assert.equal(report.domainShift.large, true);
    assert.match(report.headline, /^Between [\d,]+ and [\d,]+ real followers of 2,500 \(/);
  });

  it('streams one CSV row per follower, and writes --out instead of stdout', () => {
    const out = join(dir, 'followers.csv');
    const result = realreach([FOLLOWERS, '--format', 'csv', '--out', out]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /real followers of 2,500/);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    assert.equal(lines[0], FOLLOWER_CSV_HEADER.join(','));
    assert.equal(lines.length, 2501);
  });

  it('prints the text summary and a self-contained HTML page', async () => {
    const text = realreach([FOLLOWERS, '--profile', PROFILE]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /real followers of 2,500/);
    // the plain first sentence and the headline beneath it read the same point and range (the demo's shift test
    // does not fire)
    const flat = text.stdout.replace(/\s+/g, ' ');
    const plainPoint = flat.match(
      /About ([\d,]+) of @\w+'s 2,500 followers look real — somewhere between ([\d,]+) and ([\d,]+)\./,
    );
    const linePoint = flat.match(/≈ ([\d,]+) real followers of 2,500 \(95 % CI ([\d,]+)–([\d,]+)\)/);
    assert.ok(plainPoint && linePoint, flat.slice(0, 400));
    assert.deepEqual(plainPoint.slice(1), linePoint.slice(1));
    assert.doesNotMatch(flat, /may be off/);
    // and the same range when it fires (the demo with its handles cut short)
    const shifted = realreach([await shiftedDemo(), '--profile', PROFILE]);
    assert.equal(shifted.code, 0, shifted.stderr);
    const shiftedFlat = shifted.stdout.replace(/\s+/g, ' ');
    const plain = shiftedFlat.match(/Between ([\d,]+) and ([\d,]+) of @\w+'s 2,500 followers look real/);
    const line = shiftedFlat.match(/Between ([\d,]+) and ([\d,]+) real followers of 2,500/);
    assert.ok(plain && line, shiftedFlat.slice(0, 400));
    assert.deepEqual(plain.slice(1), line.slice(1));
    const html = realreach([FOLLOWERS, '--format', 'html']);
    assert.equal(html.code, 0, html.stderr);
    assert.match(html.stdout, /<html/i);
    assert.doesNotMatch(html.stdout, /<script[^>]+src=|<link[^>]+href="http/i);
  });

  it('samples, reads stdin, and measures engagement from a posts file', () => {
    const posts = join(dir, 'posts.jsonl');
    writeFileSync(
      posts,
      Array.from({ length: 12 }, (_, i) =>
        JSON.stringify({
          id: String(i),
          createdAt: `2026-10-${String(i + 10)}T12:00:00Z`,
          likes: 20 + i,
          replies: 3,
          reposts: 2,
        }),
      ).join('\n'),
    );
    const stdin = readFileSync(join(ROOT, FOLLOWERS), 'utf8');
    const result = realreach(
      ['-', '--profile', PROFILE, '--posts', posts, '--sample', '500', '--seed', '3', '--format', 'json'],
      stdin,
    );
    assert.equal(result.code, 0, result.stderr);
    const report = auditReportSchema.parse(JSON.parse(result.stdout));
    assert.equal(report.sample.kind, 'uniform');
    assert.equal(report.followersRead, 500);
    assert.ok(report.uncertainty.sampling > 0);
    assert.equal(report.engagement?.posts, 12);
    assert.equal(report.engagement?.tier, '1K to 10K followers');
    assert.ok(report.qualityScore.parts.some((part) => part.name === 'engagement'));
  });

  it('exits 2 on a misused option and 1 on a rejected record with --strict', () => {
    assert.equal(realreach([FOLLOWERS, '--format', 'xml']).code, 2);
    assert.equal(realreach([FOLLOWERS, '--suspicious', '1.5']).code, 2);
    assert.equal(realreach([FOLLOWERS, '--sample', '0']).code, 2);
    assert.equal(realreach([FOLLOWERS, '--reasons', 'some']).code, 2);
    const broken = join(dir, 'broken.jsonl');
    const lines = readFileSync(join(ROOT, FOLLOWERS), 'utf8').split('\n').slice(0, 30);
    writeFileSync(
      broken,
      [
        ...lines.slice(0, 10),
        '{"platform": "x", "id": "9", "followersCount": "lots"}',
        ...lines.slice(10),
      ].join('\n'),
    );
    const relaxed = realreach([broken, '--format', 'json']);
    assert.equal(relaxed.code, 0, relaxed.stderr);
    assert.match(relaxed.stderr, /broken\.jsonl:11: followersCount/);
    assert.equal(JSON.parse(relaxed.stdout).input.rejected, 1);
    const strict = realreach([broken, '--strict']);
    assert.equal(strict.code, 1);
    assert.match(strict.stderr, /broken\.jsonl:11: followersCount: .*--strict/);
  });

  it('--threads 2 prints the report and the rejected lines of --threads 1, byte for byte; gzip stays on one thread and says so', () => {
    // nine copies of the demo under other ids (8.6 MB: two ranges of at least MIN_PART_BYTES), and in each half a
    // bad line and a repeat of an earlier follower (one from the other half)
    const demo = readFileSync(join(ROOT, FOLLOWERS), 'utf8').trimEnd().split('\n');
    const lines = Array.from({ length: 9 }, (_, copy) =>
      demo.map((line) => line.replace(/"id":"(\d+)"/, (_, id) => `"id":"${Number(id) + copy * 100_000}"`)),
    ).flat();
    for (const at of [20_000, 15_000, 5_000])
      lines.splice(at, 0, '{"platform": "x", "id": ', lines[at - 12_000 > 0 ? at - 12_000 : 10] as string);
    const mixed = join(dir, 'mixed.jsonl');
    writeFileSync(mixed, `${lines.join('\n')}\n`);
    const one = realreach([mixed, '--format', 'json', '--threads', '1']);
    const two = realreach([mixed, '--format', 'json', '--threads', '2']);
    assert.equal(one.code, 0, one.stderr);
    assert.equal(two.stdout, one.stdout);
    assert.equal(two.stderr, one.stderr);
    const report = JSON.parse(one.stdout);
    assert.equal(report.input.rejected, 3);
    assert.equal(report.input.duplicates, 3);
    assert.match(one.stderr, /mixed\.jsonl:15003: \(record\): invalid JSON/);
    const gzipped = join(dir, 'mixed.jsonl.gz');
    writeFileSync(gzipped, gzipSync(readFileSync(mixed)));
    const gz = realreach([gzipped, '--format', 'json', '--threads', '2']);
    assert.equal(gz.code, 0, gz.stderr);
    assert.match(gz.stderr, /--threads 2: read on one thread, as gzip cannot be read from the middle/);
  });
});
