import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { InputError } from '../../core/errors.ts';
import { describeLabelTable, findFileBeside, readLabelTable } from './label-files.ts';

describe('label files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'realreach-labels-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('reads a headed CSV with a BOM and CRLF, mapping ids, and describes it', async () => {
    const path = write('a.csv', '\ufeffid,label\r\nu1,Human\r\nu2,bot\r\n\r\nu3,fake\r\n');
    const table = await readLabelTable(path, {
      delimiter: ',',
      hasHeader: true,
      toAccountId: (id) => id.slice(1),
    });
    assert.deepEqual(
      [...table.labels],
      [
        ['1', 'human'],
        ['2', 'bot'],
        ['3', 'fake'],
      ],
    );
    assert.deepEqual(describeLabelTable(table, path), [
      `labels for 3 ids from ${path}: 1 human, 1 bot, 1 fake`,
    ]);
  });

  it('reads a header-less TSV, accepting a repeated id with the same label', async () => {
    const path = write('b.tsv', '10\tbot\n11\thuman\n10\tbot\n');
    assert.deepEqual(
      [...(await readLabelTable(path, { delimiter: '\t', hasHeader: false })).labels],
      [
        ['10', 'bot'],
        ['11', 'human'],
      ],
    );
  });

  it('reports an id labelled both ways with file and line, gives it no label, and reads on', async () => {
    const path = write('c.tsv', '10\tbot\n11\thuman\n10\thuman\n12\tbot\n10\tbot\n10\thuman\n');
    const table = await readLabelTable(path, { delimiter: '\t', hasHeader: false });
    assert.deepEqual(
      [...table.labels],
      [
        ['11', 'human'],
        ['12', 'bot'],
      ],
    );
    assert.deepEqual(table.conflicts, [
      `${path}:3: id 10 is labelled human here and bot at line 1: conflicting labels, so it gets none`,
      `${path}:6: id 10 is labelled human here and bot at line 1: conflicting labels, so it gets none`,
    ]);
    assert.deepEqual(describeLabelTable(table, path), [
      `labels for 2 ids from ${path}: 1 human, 1 bot`,
      `2 label conflicts in ${path}: those ids get no label`,
      ...table.conflicts,
    ]);
  });

  it('fails the input, with file and line, on a missing id or a header without id and label', async () => {
    const cases: [string, string, RegExp][] = [['d.tsv', '10\tbot\n\thuman\n', /d\.tsv:2: id: missing/]];
    for (const [name, text, message] of cases) {
      await assert.rejects(readLabelTable(write(name, text), { delimiter: '\t', hasHeader: false }), message);
    }
    await assert.rejects(
      readLabelTable(write('e.csv', 'user,class\n1,bot\n'), { delimiter: ',', hasHeader: true }),
      (error: Error) =>
        error instanceof InputError &&
        /e\.csv:1: expected a header with the columns id and label/.test(error.message),
    );
    await assert.rejects(
      readLabelTable(join(dir, 'absent.csv'), { delimiter: ',', hasHeader: true }),
      /ENOENT/,
    );
  });

  it('finds the first existing file of a list beside an input, never a folder', async () => {
    const input = write('users.jsonl', '');
    write('labels.csv', 'id,label\n');
    assert.equal(await findFileBeside(input, ['users.labels.csv', 'labels.csv']), join(dir, 'labels.csv'));
    assert.equal(await findFileBeside(input, ['nothing.csv']), undefined);
    assert.equal(await findFileBeside(input, ['.']), undefined);
  });
});
