// The shift test as a user meets it (`realreach audit FILE --format json`, the bundled x model): silent on training-like followers, and on followers unlike every training part the headline leads with the range, says the model's reading may be off and suggests `realreach review`; under 50 followers, when it does not fire, the headline says they are too few to check.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AuditReport } from '../src/audit/report-schema.ts';
import { CLI } from '../src/interfaces/cli/_test-cli.ts';
import { describe, it } from './skippable-tests.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DATASETS = process.env.REALREACH_DATASETS ?? resolve(ROOT, '..', 'shared', 'datasets');
const CRESCI_HUMANS = join(DATASETS, 'cresci-2015', 'E13', 'users.csv');
const absent = existsSync(CRESCI_HUMANS)
  ? undefined
  : `${CRESCI_HUMANS} is absent: the in-distribution audience comes from the shared datasets`;

const DEMO = join(ROOT, 'examples', 'demo-audience', 'followers.jsonl');

function cli(...args: string[]): string {
  const run = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

function audit(file: string): AuditReport {
  return JSON.parse(cli('audit', file, '--format', 'json')) as AuditReport;
}

/** Followers made the day before, following thousands, with nothing posted: unlike every training part. */
function oddFollowers(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'realreach-shift-'));
  const file = join(dir, 'followers.jsonl');
  const observedAt = '2026-11-01T00:00:00.000Z';
  const lines = Array.from({ length: count }, (_, i) =>
    JSON.stringify({
      platform: 'x',
      id: String(9_000_000 + i),
      handle: `user${String(i).padStart(8, '0')}`,
      displayName: '',
      bio: '',
      url: '',
      followersCount: 0,
      followingCount: 4000 + i,
      postsCount: 0,
      likesCount: 0,
      listedCount: 0,
      hasDefaultAvatar: true,
      hasBanner: false,
      isVerified: false,
      isPrivate: false,
      createdAt: '2026-10-31T00:00:00.000Z',
      observedAt,
    }),
  );
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** The demo's first `count` followers in a file of their own. */
function demoFollowers(count: number): string {
  const file = join(mkdtempSync(join(tmpdir(), 'realreach-small-')), 'followers.jsonl');
  const lines = readFileSync(DEMO, 'utf8').split('\n').slice(0, count);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('the shift test through realreach audit', () => {
  it('flags followers unlike every training part, and says to verify', () => {
    const file = oddFollowers(400);
    const report = audit(file);
    assert.equal(report.domainShift.large, true);
    assert.match(report.headline, /^Between [\d,]+ and [\d,]+ real followers of 400 /);
    assert.match(report.headline, /the model reads ≈ [\d,]+ .* so that reading may be off/);
    assert.match(report.headline, /realreach review$/);
  });

  it('stays silent on training-like followers (cresci-2015 humans)', { skip: absent }, () => {
    const report = audit(CRESCI_HUMANS);
    assert.equal(report.domainShift.large, false, report.domainShift.note);
    assert.doesNotMatch(report.headline, /may be off|caution/);
    assert.match(report.headline, /^≈ [\d,]+ real followers of /, 'the point leads when the test is silent');
    // An all-real audience the model knows: its interval is narrow, so its quality score is high.
    assert.ok(report.qualityScore.score >= 80, `all real: ${report.qualityScore.score}`);
  });

  it('says under 50 followers that they are too few to check, and that review draws them all', () => {
    const file = demoFollowers(30);
    const report = audit(file);
    assert.equal(report.domainShift.large, false, report.domainShift.note);
    assert.equal(report.domainShift.tooFewToCheck, true);
    assert.match(
      report.headline,
      /; note: the figure holds only if the model fits these followers, and 30 are too few to check that — verify it with a labelled sample: realreach review draws all 30$/,
    );
    assert.match(report.domainShift.note, /too little power/);
    assert.match(cli('audit', file), /30 followers are too few to check/);
    // What the note promises: review's default --n draws every one of them.
    assert.equal(cli('review', file).trim().split('\n').length, 1 + 30);
  });

  it('gives the caution, not the note, when the test fires under 50 followers', () => {
    const report = audit(oddFollowers(30));
    assert.equal(report.domainShift.large, true);
    assert.equal(report.domainShift.tooFewToCheck, undefined);
    assert.match(report.headline, /^Between .* so that reading may be off/);
    assert.doesNotMatch(report.headline, /too few/);
  });

  it('says nothing of too few from 50 followers on', () => {
    const report = audit(demoFollowers(50));
    assert.equal(report.domainShift.tooFewToCheck, undefined);
    assert.doesNotMatch(`${report.headline} ${report.domainShift.note}`, /too few/);
  });
});
