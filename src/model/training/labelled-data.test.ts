// Training data from a user's own labelled files: an account labelled both ways by two rows is left out (all its rows), a repeat is reported, and a class with fewer rows than folds is refused before a model is written.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { CLI } from '../../interfaces/cli/_test-cli.ts';
import { readLabelledDatasets } from './labelled-data.ts';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'realreach-labelled-data-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function row(id: string, label: string, followers = 100): string {
  return JSON.stringify({
    platform: 'x',
    id,
    handle: `user${id}`,
    followersCount: followers,
    followingCount: 50,
    label,
  });
}

describe('labelled rows repeated across and within datasets', () => {
  // a.jsonl: 1 human, 2 fake, 3 human; b.jsonl: 1 fake (conflict with a:1), 3 human again (a repeat), 4 human.
  writeFileSync(
    join(dir, 'a.jsonl'),
    `${[row('1', 'human'), row('2', 'fake'), row('3', 'human')].join('\n')}\n`,
  );
  writeFileSync(
    join(dir, 'b.jsonl'),
    `${[row('1', 'fake'), row('3', 'human'), row('4', 'human')].join('\n')}\n`,
  );

  it('leaves out every row of an account labelled both ways, counts it, and reports a repeat', async () => {
    const logged: string[] = [];
    const labelled = await readLabelledDatasets(
      [
        { collection: 'a', path: 'a.jsonl' },
        { collection: 'b', path: 'b.jsonl' },
      ],
      dir,
      (line) => logged.push(line),
    );
    assert.deepEqual(
      labelled.accounts.map((account) => account.id),
      ['2', '3', '3', '4'],
    );
    assert.deepEqual(labelled.labels, ['fake', 'human', 'human', 'human']);
    assert.deepEqual(labelled.collections, ['a', 'a', 'b', 'b']);
    assert.deepEqual(labelled.datasets[0]?.rows, { human: 1, fake: 1 });
    assert.deepEqual(labelled.datasets[1]?.rows, { human: 2 });
    assert.match(labelled.datasets[1]?.note ?? '', /^2 rows left out: an account labelled both ways/);
    assert.ok(
      logged.some((line) => line.includes('account 1 at b.jsonl:1 is fake, human at a.jsonl:1')),
      logged.join('\n'),
    );
    assert.ok(
      logged.some((line) =>
        line.includes('b.jsonl: 1 rows repeat an account read before (same platform + id, same label)'),
      ),
      logged.join('\n'),
    );
  });
});

describe('realreach train on too few rows', () => {
  it('refuses a class with fewer rows than folds, naming the counts, and writes no model', () => {
    const lines = [row('h1', 'human'), row('h2', 'human'), row('h3', 'human')];
    lines.push(row('f1', 'fake', 1), row('f2', 'fake', 2), row('f3', 'fake', 3));
    writeFileSync(join(dir, 'few.jsonl'), `${lines.join('\n')}\n`);
    const config = join(dir, 'few.config.json');
    writeFileSync(
      config,
      JSON.stringify({
        name: 'few',
        description: 'six rows',
        platforms: ['x'],
        features: 'all',
        positive: ['fake'],
        negative: ['human'],
        datasets: [{ collection: 'few', path: 'few.jsonl' }],
        seed: 1,
        folds: 5,
      }),
    );
    const result = spawnSync(process.execPath, [CLI, 'train', '--config', config, '--datasets', dir], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(result.status, 1, result.stderr);
    assert.match(
      result.stderr,
      /few: 5-fold cross-validation needs at least 5 rows of each class \(got 3 positive, 3 negative rows\)/,
    );
    assert.equal(existsSync(join(dir, 'few.json')), false);
  });
});

describe('realreach train from a config outside models/', () => {
  it('writes the command that was run into the card, not a models/ config that does not exist', () => {
    const lines: string[] = [];
    for (let i = 0; i < 12; i++) lines.push(row(`h${i}`, 'human', 300 + i * 7), row(`f${i}`, 'fake', i % 4));
    const data = join(dir, 'my data');
    mkdirSync(data);
    writeFileSync(join(data, 'mine.jsonl'), `${lines.join('\n')}\n`);
    const config = join(dir, 'mine.config.json');
    writeFileSync(
      config,
      JSON.stringify({
        name: 'mine',
        description: 'my labelled rows',
        platforms: ['x'],
        features: 'all',
        positive: ['fake'],
        negative: ['human'],
        datasets: [{ collection: 'mine', path: 'mine.jsonl' }],
        seed: 1,
        folds: 3,
      }),
    );
    const result = spawnSync(process.execPath, [CLI, 'train', '--config', config, '--datasets', data], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, result.stderr);
    const model = JSON.parse(readFileSync(join(dir, 'mine.json'), 'utf8'));
    assert.equal(model.card.command, `realreach train --config ${config} --datasets '${data}'`);
  });
});

describe('realreach train and labels in neither class', () => {
  function train(name: string, rows: string[]) {
    writeFileSync(join(dir, `${name}.jsonl`), `${rows.join('\n')}\n`);
    const config = join(dir, `${name}.config.json`);
    writeFileSync(
      config,
      JSON.stringify({
        name,
        description: name,
        platforms: ['x'],
        features: 'all',
        positive: ['fake'],
        negative: ['human'],
        datasets: [{ collection: name, path: `${name}.jsonl` }],
        seed: 1,
        folds: 3,
      }),
    );
    return spawnSync(process.execPath, [CLI, 'train', '--config', config, '--datasets', dir], {
      cwd: ROOT,
      encoding: 'utf8',
    });
  }

  it('names the classes and the labels it found when a class is empty', () => {
    const rows: string[] = [];
    for (let i = 0; i < 6; i++) rows.push(row(`h${i}`, 'human', 300 + i), row(`b${i}`, 'bot', i));
    const result = train('bots', rows);
    assert.equal(result.status, 1, result.stderr);
    assert.match(
      result.stderr,
      /bots: training needs both classes \(got 0 positive rows, labelled fake, and 6 negative, labelled human; rows labelled otherwise, in neither class: bot 6\)/,
    );
  });

  it('counts the rows it leaves out for being in neither class', () => {
    const rows: string[] = [];
    for (let i = 0; i < 6; i++)
      rows.push(row(`h${i}`, 'human', 300 + i), row(`f${i}`, 'fake', i), row(`b${i}`, 'bot', 50 + i));
    const result = train('mixed', rows);
    assert.equal(result.status, 0, result.stderr);
    assert.match(
      result.stderr,
      /mixed: rows in neither class \(positive fake; negative human\) left out: bot 6/,
    );
  });
});
