// Labels never stop an audit: an id labelled both ways in the .tsv beside a Bot Repository file is a warning for `audit` and a reported conflict (file:line) for `score`, `inspect` and `train`, after which reading goes on.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { CLI } from '../src/interfaces/cli/_test-cli.ts';
import { readLabelledDatasets } from '../src/model/training/labelled-data.ts';

const ROOT = resolve(import.meta.dirname, '..');
const FIXTURES = join(ROOT, 'src', 'ingest', 'formats', 'fixtures', 'botrepo');
const dir = mkdtempSync(join(tmpdir(), 'realreach-label-conflicts-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const tweets = join(dir, 'demo_set_tweets.json');
const tsv = join(dir, 'demo_set.tsv');
copyFileSync(join(FIXTURES, 'demo_set_tweets.json'), tweets);
// 25000001 is human on line 2 and bot on line 4; 25000002 is listed once.
writeFileSync(tsv, '1120000000000000001\tbot\n25000001\thuman\n25000002\thuman\n25000001\tbot\n');
const CONFLICT = `${tsv}:4: id 25000001 is labelled bot here and human at line 2: conflicting labels, so it gets none`;

function realreach(args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('an id labelled both ways beside a Bot Repository file', () => {
  it('is a warning for audit, which reads every follower', () => {
    const result = realreach(['audit', tweets, '--format', 'json']);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(result.stderr.includes(CONFLICT), result.stderr);
    assert.equal(JSON.parse(result.stdout).followersRead, 3);
  });

  it('is reported with file:line by score and inspect, which read on', () => {
    const score = realreach(['score', tweets, '--reasons', '0']);
    assert.equal(score.code, 0, score.stderr);
    assert.ok(score.stderr.includes(CONFLICT), score.stderr);
    assert.equal(score.stdout.trim().split('\n').length, 3);
    const inspect = realreach(['inspect', tweets]);
    assert.equal(inspect.code, 0, inspect.stderr);
    assert.ok(inspect.stdout.includes(CONFLICT), inspect.stdout);
  });

  it('leaves that id out of training, reported, and trains on the rest', async () => {
    const logged: string[] = [];
    const labelled = await readLabelledDatasets(
      [{ collection: 'demo', path: 'demo_set_tweets.json' }],
      dir,
      (line) => logged.push(line),
    );
    assert.deepEqual(labelled.accounts.map((account) => account.id).sort(), [
      '1120000000000000001',
      '25000002',
    ]);
    assert.ok(
      logged.some((line) => line.includes(CONFLICT)),
      logged.join('\n'),
    );
    assert.match(labelled.datasets[0]?.note ?? '', /1 rows left out: no label/);
  });
});
