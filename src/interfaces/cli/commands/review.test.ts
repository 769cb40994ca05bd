// `realreach review` then `audit --labels` end to end in child processes, on the demo audience with its known labels (and on the demo with its handles cut short, where the shift test fires).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { shiftedDemo } from '../../../../test/shifted-demo.ts';
import { auditReportSchema } from '../../../audit/report-schema.ts';
import { CLI } from '../_test-cli.ts';

const ROOT = resolve(import.meta.dirname, '..', '..', '..', '..');
const FOLLOWERS = join('examples', 'demo-audience', 'followers.jsonl');
const dir = mkdtempSync(join(tmpdir(), 'realreach-review-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function realreach(args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The demo audience's own labels (it is synthetic and says which followers it made fake). */
function truth(): Map<string, string> {
  const labels = new Map<string, string>();
  for (const line of readFileSync(join(ROOT, FOLLOWERS), 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const record = JSON.parse(line) as { id: string; label: string };
    labels.set(record.id, record.label);
  }
  return labels;
}

describe('realreach review and audit --labels', () => {
  const out = join(dir, 'review.csv');
  const drawn = realreach(['review', FOLLOWERS, '--n', '80', '--seed', '4', '--out', out]);

  it('writes 80 followers with profile links, facts, p(fake) and an empty label column, the same for a seed', () => {
    assert.equal(drawn.code, 0, drawn.stderr);
    const rows = parse(readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[];
    assert.equal(rows.length, 80);
    assert.match(rows[0]?.profile_url ?? '', /^https:\/\/x\.com\/\w+$/);
    assert.ok(rows.every((row) => row.label === '' && row.p_fake !== '' && row.followers !== ''));
    assert.ok(new Set(rows.map((row) => row.stratum)).size >= 4, 'several p(fake) bands are represented');
    assert.match(drawn.stderr, /drew 80 of 2,500 followers \(x model, seed 4\)/);
    assert.match(
      drawn.stderr,
      /0–0\.1: \d+ of 1,059;/,
      'band sizes with thousands separators, as every count',
    );
    const again = realreach(['review', FOLLOWERS, '--n', '80', '--seed', '4']);
    assert.equal(again.stdout, readFileSync(out, 'utf8'));
  });

  it('re-estimates the fake share from the filled-in labels, covering the truth, and says how', async () => {
    // The demo with its handles cut short, so the shift test fires and the labels are what settles it (same ids and
    // labels as the demo).
    const shifted = await shiftedDemo();
    const shiftedOut = join(dir, 'shifted-review.csv');
    const drawnShifted = realreach(['review', shifted, '--n', '80', '--seed', '4', '--out', shiftedOut]);
    assert.equal(drawnShifted.code, 0, drawnShifted.stderr);
    const labels = truth();
    const rows = parse(readFileSync(shiftedOut, 'utf8'), { columns: true }) as Record<string, string>[];
    const filled = rows.map((row, i) => ({
      ...row,
      label: i === 0 ? 'unsure' : labels.get(row.id ?? '') === 'human' ? 'real' : 'fake',
    }));
    const labelled = join(dir, 'labelled.csv');
    writeFileSync(labelled, stringify(filled, { header: true }));
    const result = realreach(['audit', shifted, '--labels', labelled, '--format', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const report = auditReportSchema.parse(JSON.parse(result.stdout));
    const verification = report.verification;
    assert.ok(verification);
    const fakes = [...labels.values()].filter((label) => label !== 'human').length / labels.size;
    assert.ok(
      verification.fakeShare.low <= fakes && fakes <= verification.fakeShare.high,
      `${fakes} in ${verification.fakeShare.low}–${verification.fakeShare.high}`,
    );
    assert.equal(verification.labels.used, 80);
    assert.equal(verification.labels.unsure, 1);
    // each band counts the person's own labels: the unsure one apart, not among the fakes
    const bands = verification.strata;
    assert.equal(
      bands.reduce((sum, band) => sum + band.labelledFake, 0),
      verification.labels.fake,
    );
    assert.equal(
      bands.reduce((sum, band) => sum + band.labelledUnsure, 0),
      1,
    );
    assert.deepEqual(report.fakeShare, verification.fakeShare);
    // the kinds are bounded by their union, which is now the labelled fake share, not the model's
    assert.ok((report.kindShares ?? []).length > 0);
    for (const kind of report.kindShares ?? [])
      assert.ok(
        kind.share.high <= report.fakeShare.high,
        `${kind.kind}: at most ${kind.share.high}, above the labelled fake share's upper end ${report.fakeShare.high}`,
      );
    assert.match(verification.method, /Prediction-powered inference/);
    assert.match(verification.unsureRule, /counted both ways/);
    assert.match(report.headline, /checked against 80 followers a person labelled — the model alone said/);
    const shift = report.redFlags.find((flag) => flag.code === 'domain-shift');
    assert.ok(shift, 'the shortened handles are unlike the training data');
    assert.doesNotMatch(shift.message, /verify it with a labelled sample/);
    assert.match(shift.message, /the 80 labels given settle it/);
    assert.doesNotMatch(report.domainShift.note, /a labelled sample settles it/);
    assert.match(
      report.domainShift.note,
      /the 80 labels given settle it: the fake share above is the labelled estimate\.$/,
    );
    const text = realreach(['audit', shifted, '--labels', labelled]);
    assert.match(text.stdout, /Checked against labelled followers/);
  });

  it('draws a follower listed twice once, as the audit counts it once', () => {
    const lines = readFileSync(join(ROOT, FOLLOWERS), 'utf8').split('\n').slice(0, 30);
    const repeated = join(dir, 'repeated.jsonl');
    writeFileSync(repeated, `${[...lines, lines[3], lines[7], lines[3]].join('\n')}\n`);
    const drawn = realreach(['review', repeated, '--n', '100', '--out', join(dir, 'repeated-review.csv')]);
    assert.equal(drawn.code, 0, drawn.stderr);
    const ids = (
      parse(readFileSync(join(dir, 'repeated-review.csv'), 'utf8'), { columns: true }) as { id: string }[]
    ).map((row) => row.id);
    assert.equal(ids.length, 30);
    assert.equal(new Set(ids).size, 30);
    assert.match(drawn.stderr, /drew 30 of 30 followers \(3 repeated records counted once\)/);
  });

  it('refuses --labels with --sample, and a labels file with no label yet', () => {
    assert.equal(realreach(['audit', FOLLOWERS, '--labels', out, '--sample', '100']).code, 2);
    const empty = realreach(['audit', FOLLOWERS, '--labels', out]);
    assert.equal(empty.code, 1);
    assert.match(empty.stderr, /no follower is labelled yet/);
  });
});
