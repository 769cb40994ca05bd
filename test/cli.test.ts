// The command line end to end: exit codes, --strict, --json, and score's output, in a child process as a user runs it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { CLI } from '../src/interfaces/cli/_test-cli.ts';

const ROOT = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'realreach-cli-'));

function realreach(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    input,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const demoLines = readFileSync(join(ROOT, 'examples', 'demo-audience', 'followers.jsonl'), 'utf8')
  .split('\n')
  .slice(0, 50);

describe('realreach CLI', () => {
  it('inspect reports a broken record and goes on; --strict stops at it with exit 1; --errors writes them all', () => {
    const path = join(dir, 'broken.jsonl');
    writeFileSync(
      path,
      [demoLines[0], '{"platform": "x", "id": "9", "followersCount": "lots"}', demoLines[1]].join('\n'),
    );
    const relaxed = realreach(['inspect', '--json', '--errors', join(dir, 'errors.jsonl'), path]);
    assert.equal(relaxed.code, 0);
    const summary = JSON.parse(relaxed.stdout);
    assert.deepEqual([summary.read, summary.accepted, summary.rejected], [3, 2, 1]);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'errors.jsonl'), 'utf8')), {
      file: path,
      line: 2,
      field: 'followersCount',
      reason: 'expected a count (a whole number >= 0), got "lots"',
    });
    const strict = realreach(['inspect', '--strict', path]);
    assert.equal(strict.code, 1);
    assert.match(strict.stderr, /broken\.jsonl:2: followersCount: expected a count/);
  });

  it('exits 1 on an unreadable input and 2 on a misused command', () => {
    assert.equal(realreach(['inspect', join(dir, 'absent.csv')]).code, 1);
    assert.equal(realreach(['inspect', '--observed-at', 'someday', 'x.csv']).code, 2);
    assert.equal(realreach(['frobnicate']).code, 2);
    assert.equal(realreach(['score', '--format', 'xml', 'x.csv']).code, 2);
  });

  it('reads stdin as -', () => {
    const result = realreach(['inspect', '--json', '-'], demoLines.join('\n'));
    assert.equal(result.code, 0);
    assert.equal(JSON.parse(result.stdout).accepted, 50);
  });

  it('score writes one line per account with a calibrated p(fake) and three reasons, by the platform model', () => {
    const result = realreach(['score', '-'], demoLines.slice(0, 20).join('\n'));
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.equal(lines.length, 20);
    for (const line of lines) {
      assert.equal(line.model, 'x');
      assert.ok(line.pFake >= 0 && line.pFake <= 1);
      assert.ok(line.pKind.fakeFollower >= 0 && line.pKind.fakeFollower <= 1);
      assert.ok(line.pKind.spamBot >= 0 && line.pKind.spamBot <= 1);
      assert.equal(line.reasons.length, 3);
      assert.equal(typeof line.reasons[0], 'string');
    }
    // the input's own labels (the demo's generator labels each follower), for a researcher to join scores to truth
    assert.deepEqual(
      lines.map((line) => line.label),
      demoLines.slice(0, 20).map((line) => JSON.parse(line as string).label),
    );
    const unlabelled = realreach(
      ['score', '--reasons', '0', '-'],
      demoLines
        .slice(0, 2)
        .map((line) => {
          const { label: _label, ...record } = JSON.parse(line as string);
          return JSON.stringify(record);
        })
        .join('\n'),
    );
    assert.equal(unlabelled.code, 0, unlabelled.stderr);
    for (const line of unlabelled.stdout.trim().split('\n')) assert.equal(JSON.parse(line).label, null);
    const csv = realreach(
      ['score', '--format', 'csv', '--reasons', '0', '--model', 'general', '-'],
      demoLines.slice(0, 5).join('\n'),
    );
    const rows = csv.stdout.trim().split('\n');
    assert.equal(
      rows[0],
      'id,handle,platform,model,pFake,unlikeTraining,reason1,reason2,reason3,pFakeFollower,pSpamBot,label',
    );
    assert.equal(rows.length, 6);
    // no reasons asked for, and the general model has no kind models: those cells are empty; the input's label last
    assert.match(rows[1] ?? '', /^1000000000,[^,]+,x,general,0\.\d+,(true|false),,,,,,fake$/);
  });

  it('score --format csv neutralises cells a spreadsheet would run as a formula (issue 11)', () => {
    const hostile = demoLines.slice(0, 4).map((line, index) => {
      const record = JSON.parse(line as string);
      record.handle = ['=HYPERLINK("http://evil.example")', '+cmd', '-2+3', '@SUM(A1)'][index];
      record.id = index === 0 ? '=1+1' : record.id;
      return JSON.stringify(record);
    });
    const csv = realreach(
      ['score', '--format', 'csv', '--reasons', '0', '--model', 'general', '-'],
      hostile.join('\n'),
    );
    assert.equal(csv.code, 0, csv.stderr);
    const rows = csv.stdout.trim().split('\n').slice(1);
    assert.equal(rows.length, 4);
    for (const row of rows) assert.doesNotMatch(row, /(^|,)"?[=+\-@]/, row);
    assert.match(rows[0] ?? '', /^'=1\+1,"'=HYPERLINK/);
  });

  it('score counts a repeated account (same platform + id) in its summary, scoring every line', () => {
    const lines = [demoLines[0], demoLines[1], demoLines[0], demoLines[2], demoLines[1]].join('\n');
    const result = realreach(['score', '--reasons', '0', '-'], lines);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.trim().split('\n').length, 5);
    assert.match(
      result.stderr,
      /realreach: scored 5 \(2 of them repeat an earlier account, same platform \+ id: scored again, each on its own line; an audit counts each follower once\), rejected 0/,
    );
  });

  it('score says when ages were measured at the file time, the export having no capture time', () => {
    const lines = demoLines.slice(0, 3).map((line) => {
      const { observedAt: _, ...record } = JSON.parse(line as string);
      return JSON.stringify(record);
    });
    const path = join(dir, 'no-capture-time.jsonl');
    writeFileSync(path, lines.join('\n'));
    const standIn = realreach(['score', '--reasons', '0', path]);
    assert.equal(standIn.code, 0, standIn.stderr);
    assert.match(
      standIn.stderr,
      /realreach: 3 accounts carry no capture time: their age and rates per day were measured at \d{4}-\d\d-\d\d \(the file's modification time, or now\), not when they were captured; give --observed-at DATE/,
    );
    const onePath = join(dir, 'one-without-capture-time.jsonl');
    writeFileSync(onePath, lines[0] as string);
    assert.match(
      realreach(['score', '--reasons', '0', onePath]).stderr,
      /realreach: 1 account carries no capture time/,
    );
    const stated = realreach(['score', '--reasons', '0', '--observed-at', '2022-02-01', path]);
    assert.doesNotMatch(stated.stderr, /capture time/);
    const demo = realreach(['score', '--reasons', '0', '-'], demoLines.slice(0, 3).join('\n'));
    assert.doesNotMatch(demo.stderr, /capture time/);
  });

  it('score and audit refuse a list of ids only (a label file, an X archive): nothing to score them by', () => {
    const labels = join(dir, 'label_sample.csv');
    writeFileSync(labels, 'id,label\nu1,human\nu2,bot\n');
    const archive = join(dir, 'follower.js');
    writeFileSync(archive, 'window.YTD.follower.part0 = [{"follower":{"accountId":"12"}}]\n');
    for (const file of [labels, archive])
      for (const command of ['score', 'audit']) {
        const result = realreach([command, file]);
        assert.equal(result.code, 1, `${command} ${file}: ${result.stdout}`);
        assert.equal(result.stdout, '');
        assert.match(result.stderr, /the followers are ids only .*realreach hydrate/);
      }
    const inspect = realreach(['inspect', labels]);
    assert.equal(inspect.code, 0, inspect.stderr);
    assert.match(inspect.stdout, /holds account ids only/);
  });

  it('score says how many accounts a --model trained for another platform scored, as audit does', () => {
    const lines = demoLines.slice(0, 4).join('\n');
    const other = realreach(['score', '--reasons', '0', '--model', 'instagram', '-'], lines);
    assert.equal(other.code, 0, other.stderr);
    assert.match(
      other.stderr,
      /realreach: 4 accounts are on a platform the instagram model was not trained for \(instagram\)/,
    );
    const own = realreach(['score', '--reasons', '0', '-'], lines);
    assert.doesNotMatch(own.stderr, /not trained for/);
  });

  it('train refuses a missing datasets folder with a clear message', () => {
    const result = realreach([
      'train',
      '--config',
      'models/x.config.json',
      '--datasets',
      join(dir, 'nowhere'),
    ]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /labelled datasets are not here/);
  });
});
