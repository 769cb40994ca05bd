// The shift test as a user meets it (`realreach audit FILE --format json`, the bundled x model): silent on training-like followers, and on followers unlike every training part the headline says the figure may be off and suggests `realreach review`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
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

function audit(file: string): AuditReport {
  const run = spawnSync(process.execPath, [CLI, 'audit', file, '--format', 'json'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as AuditReport;
}

describe('the shift test through realreach audit', () => {
  it('flags followers unlike every training part, and says to verify', () => {
    const dir = mkdtempSync(join(tmpdir(), 'realreach-shift-'));
    const file = join(dir, 'followers.jsonl');
    const observedAt = '2026-11-01T00:00:00.000Z';
    const lines = Array.from({ length: 400 }, (_, i) =>
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
    const report = audit(file);
    assert.equal(report.domainShift.large, true);
    assert.match(report.headline, /may be off/);
    assert.match(report.headline, /realreach review/);
  });

  it('stays silent on training-like followers (cresci-2015 humans)', { skip: absent }, () => {
    const report = audit(CRESCI_HUMANS);
    assert.equal(report.domainShift.large, false, report.domainShift.note);
    assert.doesNotMatch(report.headline, /may be off|caution/);
    // An all-real audience the model knows: its interval is narrow, so its quality score is high.
    assert.ok(report.qualityScore.score >= 80, `all real: ${report.qualityScore.score}`);
  });
});
