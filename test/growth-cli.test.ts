// `realreach growth` end to end on the bundled synthetic example, as the README shows it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { CLI } from '../src/interfaces/cli/_test-cli.ts';

const ROOT = resolve(import.meta.dirname, '..');
const EXAMPLE = join(ROOT, 'examples', 'growth');
const dir = mkdtempSync(join(tmpdir(), 'realreach-growth-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function realreach(args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('realreach growth', () => {
  it('prints the series and the injected events of a history CSV', () => {
    const run = realreach(['growth', join(EXAMPLE, 'history.csv'), '--format', 'json']);
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout);
    const truth = JSON.parse(readFileSync(join(EXAMPLE, 'history-truth.json'), 'utf8')) as {
      kind: string;
      from: string;
      size: number;
    }[];
    assert.equal(out.series.length, 300);
    for (const event of out.events) assert.match(event.date, /^\d{4}-\d{2}-\d{2}$/);
    const purge = truth.find((t) => t.kind === 'purge');
    const drop = out.events.find((e: { kind: string }) => e.kind === 'drop');
    assert.equal(drop.date, purge?.from);
    assert.ok(drop.size < 0);
    assert.equal(out.batches, undefined);
  });

  it('finds the bought batch of the follower list at its positions in the input order', () => {
    const truth = JSON.parse(readFileSync(join(EXAMPLE, 'followers-truth.json'), 'utf8'));
    const run = realreach([
      'growth',
      join(EXAMPLE, 'followers.jsonl'),
      '--order',
      'newest-first',
      '--format',
      'json',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout);
    assert.equal(out.seriesOrigin, 'reconstructed');
    assert.equal(out.batches.length, 1);
    const [batch] = out.batches;
    const overlap = Math.min(batch.end, truth.batch.end) - Math.max(batch.start, truth.batch.start) + 1;
    assert.ok(overlap >= 0.9 * truth.batch.size, JSON.stringify(batch));
    assert.equal(batch.size, batch.end - batch.start + 1);
    const text = realreach(['growth', join(EXAMPLE, 'followers.jsonl'), '--order', 'newest-first']);
    assert.match(text.stdout, /^batches {4}1 run of followers alike/m);
  });

  it('rejects bad history rows with file and line and keeps the good ones', () => {
    const path = join(dir, 'history.csv');
    writeFileSync(path, 'date,followers\n2025-01-01,10\n2025-01-02,x\n2025-01-03,12\n2025-01-03,13\n');
    const run = realreach(['growth', path, '--format', 'json']);
    assert.equal(run.code, 0);
    assert.match(run.stderr, /history\.csv:3: followers: expected a count/);
    assert.equal(JSON.parse(run.stdout).series.length, 3);
    // The repeated date is counted and its lines named, the later kept.
    assert.deepEqual(JSON.parse(run.stdout).notes, [
      '1 row repeated an earlier date: the later row was kept (line 5 over line 4)',
    ]);
  });

  it("uses the exact follow times of Instagram's export, and reads the order from them", () => {
    const file = join(ROOT, 'src', 'ingest', 'formats', 'fixtures', 'instagram-export', 'followers_1.json');
    const run = realreach(['growth', file, '--format', 'json']);
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout);
    assert.deepEqual([out.order, out.orderFrom, out.followTimes.exact], ['oldest-first', 'follow times', 2]);
    assert.match(out.seriesNote, /exact follow times/);
  });

  it("draws the follow-order picture in audit's HTML report, with the batch at its positions", () => {
    const run = realreach(['audit', join(EXAMPLE, 'followers.jsonl'), '--format', 'html']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      /<section class="card" id="follow-order"><h2>Follow order × creation date<\/h2><svg/,
    );
    assert.match(run.stdout, /<td class="num">630–929<\/td><td class="num">300<\/td>/);
  });

  it('advises --input-format for an unreadable list, not --format (its output option), and reads one named', () => {
    const garbage = join(dir, 'garbage.bin');
    writeFileSync(garbage, Buffer.from([0x5a, 0x14, 0x07, 0x00, 0x9b, 0x0a, 0x41]));
    const refused = realreach(['growth', garbage]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /Name it with --input-format/);
    assert.doesNotMatch(refused.stderr, /Name it with --format/);
    const csv = join(dir, 'followers.csv');
    writeFileSync(csv, 'platform,id,handle,createdAt\nx,1,alice,2020-01-01\nx,2,bob,2021-01-01\n');
    const named = realreach(['growth', csv, '--input-format', 'realreach-csv', '--format', 'json']);
    assert.equal(named.code, 0, named.stderr);
    assert.equal(JSON.parse(named.stdout).followers, 2);
  });

  it("names a known platform purge on a history CSV's drop with --platform, or the --followers list's platform", () => {
    const path = join(dir, 'purge.csv');
    const rows = ['date,followers'];
    let count = 200_000;
    for (let day = 0; day < 120; day += 1) {
      count += 100 + ((day * 37) % 23) - 11;
      const date = new Date(Date.UTC(2018, 4, 1) + day * 86_400_000).toISOString().slice(0, 10);
      if (date === '2018-07-12') count -= 12_000;
      rows.push(`${date},${count}`);
    }
    writeFileSync(path, `${rows.join('\n')}\n`);
    const dropOf = (args: string[]) => {
      const run = realreach(['growth', path, ...args, '--format', 'json']);
      assert.equal(run.code, 0, run.stderr);
      const out = JSON.parse(run.stdout);
      return out.events.find((event: { kind: string }) => event.kind === 'drop');
    };
    assert.equal(dropOf([]).date, '2018-07-12');
    assert.equal(dropOf([]).purge, undefined);
    assert.match(dropOf(['--platform', 'x']).purge, /Twitter removed locked accounts/);
    assert.equal(dropOf(['--platform', 'instagram']).purge, undefined);
    const followers = join(dir, 'x-followers.csv');
    writeFileSync(followers, 'platform,id,handle,createdAt\nx,1,alice,2009-01-01\nx,2,bob,2010-01-01\n');
    assert.match(dropOf(['--followers', followers, '--input-format', 'realreach-csv']).purge, /Twitter/);
    const text = realreach(['growth', path, '--platform', 'x']);
    assert.match(text.stdout, /2018-07-12 {2}drop .* known purge: Twitter removed locked accounts/);
    assert.equal(realreach(['growth', path, '--platform', 'myspace']).code, 2);
  });

  it("says which spikes today's list is too short to judge, instead of leaving them silently unjudged", () => {
    const run = realreach([
      'growth',
      join(EXAMPLE, 'history.csv'),
      '--followers',
      join(EXAMPLE, 'followers.jsonl'),
      '--order',
      'newest-first',
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      /note: 2 spikes not judged \(2026-03-12, 2026-06-09\): today's list holds 2,000 followers against the history's last count of 459,205, so it does not reach back to the followers those spikes brought/,
    );
  });

  it('reads a rise inside a two-week gap of a daily history as one spike over the gap, said to be between snapshots', () => {
    const path = join(dir, 'gap.csv');
    const rows = ['date,followers'];
    let count = 10_000;
    for (let day = 0; day < 150; day += 1) {
      count += 30 + ((day * 37) % 17) - 8 + (day === 66 ? 3_000 : 0);
      const date = new Date(Date.UTC(2026, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
      if (day < 60 || day > 75) rows.push(`${date},${count}`);
    }
    writeFileSync(path, `${rows.join('\n')}\n`);
    const run = realreach(['growth', path]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^events {5}1$/m);
    assert.match(
      run.stdout,
      /2026-03-02\.\.2026-03-18 {2}spike {9}\+(2,9\d\d|3,0\d\d) {2}z [\d.]+ {2}between two snapshots: the date is known only to that window/,
    );
  });

  it('counts a follower listed twice once, and says so', () => {
    const csv = join(dir, 'repeats.csv');
    writeFileSync(
      csv,
      'platform,id,handle,createdAt\nx,1,alice,2020-01-01\nx,2,bob,2021-01-01\nx,1,alice,2020-01-01\nx,3,cleo,2022-01-01\n',
    );
    const run = realreach(['growth', csv, '--input-format', 'realreach-csv', '--format', 'json']);
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout);
    assert.equal(out.followers, 3);
    assert.ok(
      out.notes.includes(
        '1 follower listed more than once (same platform and id) counted once, at its first place; positions count each follower once',
      ),
      out.notes.join('; '),
    );
  });

  it('refuses an unknown --order as a usage error', () => {
    assert.equal(realreach(['growth', join(EXAMPLE, 'history.csv'), '--order', 'sideways']).code, 2);
  });
});
