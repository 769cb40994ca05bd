import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { formatRecordError, InputError, type RecordError } from '../core/errors.ts';
import { openAccountReader, type ReadItem } from './read.ts';

const dir = mkdtempSync(join(tmpdir(), 'realreach-read-'));

function xUser(i: number): Record<string, unknown> {
  return {
    id_str: String(1000 + i),
    screen_name: `user${i}`,
    name: `User ${i}`,
    followers_count: i,
    friends_count: 2 * i,
    statuses_count: 10,
    created_at: 'Fri Apr 06 10:58:22 +0000 2012',
    profile_image_url_https: 'https://pbs.twimg.com/profile_images/1/a_normal.jpg',
  };
}

/** 1,000 lines, three of them corrupt: broken JSON (line 10), a wrong type (line 500), a missing id (line 1000). */
function jsonlWithThreeCorrupt(): string {
  const lines: string[] = [];
  for (let i = 1; i <= 1000; i++) {
    if (i === 10) lines.push('{"id_str": "1010", "screen_name": "broken", ');
    else if (i === 500) lines.push(JSON.stringify({ ...xUser(i), followers_count: 'many' }));
    else if (i === 1000) {
      const { id_str: _, ...noId } = xUser(i);
      lines.push(JSON.stringify(noId));
    } else lines.push(JSON.stringify(xUser(i)));
  }
  return `${lines.join('\n')}\n`;
}

async function collect(path: string, options = {}): Promise<{ items: ReadItem[]; format: string }> {
  const reader = await openAccountReader(path, options);
  const items: ReadItem[] = [];
  for await (const item of reader) items.push(item);
  return { items, format: reader.format.name };
}

function split(items: ReadItem[]) {
  const errors: RecordError[] = [];
  let accounts = 0;
  for (const item of items) {
    if (item.ok) accounts++;
    else errors.push(item.error);
  }
  return { accounts, errors };
}

describe('openAccountReader', () => {
  it('names the rejected records when none of a file is readable, not an empty input', async () => {
    const path = join(dir, 'one-long-line.jsonl');
    writeFileSync(path, `{"platform":"x","id":"1","handle":"${'a'.repeat(5_000)}"}\n`);
    await assert.rejects(
      async () => {
        for await (const _ of await openAccountReader(path, { maxRecordChars: 1_000 })) {
          // every record is rejected: the error comes once the reader knows no record is readable
        }
      },
      (error: unknown) =>
        error instanceof InputError &&
        /no readable record \(1 rejected; first: .*one-long-line\.jsonl:1: \(record\): a line longer than 1000 characters/.test(
          error.message,
        ),
    );
  });

  it('keeps 997 of 1,000 JSONL records and reports the 3 corrupt ones with line and field', async () => {
    const path = join(dir, 'three-corrupt.jsonl');
    writeFileSync(path, jsonlWithThreeCorrupt());
    const { items, format } = await collect(path);
    assert.equal(format, 'x-v1');
    const { accounts, errors } = split(items);
    assert.equal(accounts, 997);
    assert.deepEqual(
      errors.map((e) => [e.line, e.field]),
      [
        [10, '(record)'],
        [500, 'followers_count'],
        [1000, 'id'],
      ],
    );
    assert.match(errors[0]?.reason ?? '', /invalid JSON/);
    assert.match(errors[1]?.reason ?? '', /expected a count.*"many"/);
    assert.match(errors[2]?.reason ?? '', /missing/);
    assert.ok(errors.every((e) => e.file === path));
  });

  it('reads JSONL files joined by cat, each begun with a byte-order mark: the marks are no part of the records', async () => {
    const part = (from: number) =>
      `\ufeff${[from, from + 1, from + 2].map((i) => JSON.stringify(xUser(i))).join('\n')}\n`;
    const path = join(dir, 'joined.jsonl');
    writeFileSync(path, part(1) + part(4) + part(7));
    const { items, format } = await collect(path);
    assert.equal(format, 'x-v1');
    const { accounts, errors } = split(items);
    assert.deepEqual(errors, []);
    assert.equal(accounts, 9);
  });

  it('rejects a CSV header repeated where files were joined, saying so, and keeps the rows of both', async () => {
    const part = (from: number) =>
      `\ufeffplatform,id,handle,followersCount\r\nx,${from},u${from},10\r\nx,${from + 1},u${from + 1},20\r\n`;
    const path = join(dir, 'joined.csv');
    writeFileSync(path, part(1) + part(3));
    const { items } = await collect(path);
    const { accounts, errors } = split(items);
    assert.equal(accounts, 4);
    assert.deepEqual(
      errors.map((e) => [e.line, e.field, e.reason]),
      [[4, '(record)', 'the header line again (files joined one after the other?): skipped']],
    );
  });

  it('reads a JSON array element by element, reporting the index and line of a bad element', async () => {
    const users = [xUser(1), { ...xUser(2), friends_count: -3 }, xUser(3)];
    const path = join(dir, 'array.json');
    writeFileSync(path, `[\n${users.map((u) => JSON.stringify(u)).join(',\n')}\n]\n`);
    const { items } = await collect(path);
    const { accounts, errors } = split(items);
    assert.equal(accounts, 2);
    assert.deepEqual(errors, [
      {
        file: path,
        line: 3,
        index: 1,
        field: 'friends_count',
        reason: 'expected a count (a whole number >= 0), got -3',
      },
    ]);
    const third = items[2];
    assert.ok(third?.ok);
    assert.deepEqual(third.account.source, { format: 'x-v1', file: path, line: 4, index: 2 });
  });

  it('reads gzip by content, whatever the name, and stdin as -', async () => {
    const text = jsonlWithThreeCorrupt();
    const gz = join(dir, 'followers.data');
    writeFileSync(gz, gzipSync(text));
    const fromGzip = split((await collect(gz)).items);
    assert.equal(fromGzip.accounts, 997);
    const fromStdin = split((await collect('-', { stdin: Readable.from([Buffer.from(text)]) })).items);
    assert.equal(fromStdin.accounts, 997);
    assert.deepEqual(
      fromStdin.errors.map((e) => [e.file, e.line]),
      [
        ['-', 10],
        ['-', 500],
        ['-', 1000],
      ],
    );
  });

  it('says a gzip input is cut short, and after which line, rather than "unexpected end of file"', async () => {
    const gz = gzipSync(jsonlWithThreeCorrupt());
    const cut = join(dir, 'cut.jsonl.gz');
    writeFileSync(cut, gz.subarray(0, Math.floor(gz.length * 0.6)));
    await assert.rejects(
      collect(cut),
      (error: Error) =>
        error instanceof InputError &&
        /^.*cut\.jsonl\.gz: the gzip data ends early, in line [\d,]+ \([\d,]+ bytes of text\): the file is cut short/.test(
          error.message,
        ),
    );
    const damaged = join(dir, 'damaged.jsonl.gz');
    const flipped = Buffer.from(gz);
    flipped[flipped.length - 6] = (flipped[flipped.length - 6] as number) ^ 0xff;
    writeFileSync(damaged, flipped);
    await assert.rejects(
      collect(damaged),
      /damaged\.jsonl\.gz: the gzip data is damaged after [\d,]+ bytes of text \(line [\d,]+; zlib: incorrect data check\); get the file again/,
    );
  });

  it('says a row with one empty field more than the header probably ends with a delimiter', async () => {
    const path = join(dir, 'trailing.csv');
    writeFileSync(path, 'platform,id,handle\nx,1,alice,\nx,2,bob,extra\n');
    const { items } = await collect(path);
    assert.deepEqual(
      split(items).errors.map((error) => [error.line, error.reason]),
      [
        [
          2,
          'expected 3 fields, got 4 (the last is empty: does the row end with a delimiter the header does not?)',
        ],
        [3, 'expected 3 fields, got 4'],
      ],
    );
  });

  it('refuses a CSV header that names a column twice, naming the column and both places', async () => {
    const path = join(dir, 'twice.csv');
    writeFileSync(path, 'platform,id,handle,id\nx,1,alice,2\n');
    await assert.rejects(
      collect(path),
      (error: Error) =>
        error instanceof InputError &&
        error.message ===
          `${path}:1: the header names the column "id" twice (columns 2 and 4): which of them holds its field is unclear; rename or remove one`,
    );
  });

  it('reads CSV rows with the right line numbers when a quoted cell spans lines', async () => {
    const path = join(dir, 'users.csv');
    writeFileSync(
      path,
      [
        'id,screen_name,followers_count,friends_count,description',
        '1,a,10,20,"two\nlines"',
        '2,b,ten,20,x',
        '3,c,1',
        '4,d,1,2,ok',
      ].join('\n'),
    );
    const { items, format } = await collect(path);
    assert.equal(format, 'x-v1-csv');
    const { accounts, errors } = split(items);
    assert.equal(accounts, 2);
    assert.deepEqual(
      errors.map((e) => [e.line, e.field]),
      [
        [4, 'followers_count'],
        [5, '(record)'],
      ],
    );
    assert.match(errors[1]?.reason ?? '', /expected 5 fields, got 3/);
  });

  it('uses the capture time from the flag, else the file time, when the export has none', async () => {
    const path = join(dir, 'one.jsonl');
    writeFileSync(path, `${JSON.stringify(xUser(1))}\n`);
    const flagged = (await collect(path, { observedAt: new Date('2019-01-01T00:00:00Z') })).items[0];
    assert.ok(flagged?.ok);
    assert.equal(flagged.account.observedAt?.toISOString(), '2019-01-01T00:00:00.000Z');
    const unflagged = (await collect(path)).items[0];
    assert.ok(unflagged?.ok);
    assert.ok(Math.abs((unflagged.account.observedAt?.getTime() ?? 0) - Date.now()) < 60_000);
  });

  it('fails the whole input with a clear message when the format is unknown or the file is missing', async () => {
    const path = join(dir, 'unknown.jsonl');
    writeFileSync(path, '{"foo": 1, "bar": 2}\n');
    await assert.rejects(collect(path), (error: Error) => {
      assert.ok(error instanceof InputError);
      assert.match(error.message, /cannot recognise the format.*keys foo, bar.*--format/);
      return true;
    });
    await assert.rejects(
      collect(join(dir, 'absent.csv')),
      /absent\.csv: cannot open: no such file \(ENOENT\)/,
    );
    await assert.rejects(collect(path, { format: 'nope' }), /unknown --format nope/);
  });

  it('names the unknown columns of a realreach CSV header, with the column a typo most likely means', async () => {
    const path = join(dir, 'typo.csv');
    writeFileSync(
      path,
      'platform,id,handle,follwersCount,followingCount,label,colour\nx,1,a,1,2,human,red\n',
    );
    const unknown =
      /the header's columns "follwersCount" \(did you mean followersCount\?\), "colour" are not among realreach's own columns/;
    await assert.rejects(collect(path), (error: Error) => {
      assert.ok(error instanceof InputError);
      assert.match(
        error.message,
        /typo\.csv:1: the header looks like realreach's own Account columns as CSV \(realreach-csv\), but /,
      );
      assert.match(error.message, unknown);
      return true;
    });
    await assert.rejects(collect(path, { format: 'realreach-csv' }), (error: Error) => {
      assert.match(error.message, /typo\.csv:1: the first row does not fit --format realreach-csv: /);
      assert.match(error.message, unknown);
      return true;
    });
  });

  it('rejects a realreach JSON record with a misspelt field, naming it, and reads the records around it', async () => {
    const path = join(dir, 'typo.jsonl');
    writeFileSync(
      path,
      [
        '{"platform":"x","id":"1","follwersCount":10}',
        '{"platform":"x","id":"2","followersCount":10,"note":"kept aside","ur":"not near enough"}',
        '{"platform":"x","id":"3","handle_length":5}',
      ].join('\n'),
    );
    const { items } = await collect(path);
    assert.equal(items.length, 3);
    assert.ok(items[1]?.ok);
    const errors = items.flatMap((item) => (item.ok ? [] : [formatRecordError(item.error)]));
    assert.deepEqual(errors, [
      `${path}:1: follwersCount: not a realreach field: did you mean followersCount? (its value would be left unread)`,
      `${path}:3: handle_length: not a realreach field: did you mean handleLength? (its value would be left unread)`,
    ]);
  });

  it('says what a Bot Repository label file is, and what to give instead, when one is given as a follower list', async () => {
    const tsv = join(dir, 'botwiki-2019.tsv');
    writeFileSync(tsv, '1120973992754581509\tbot\n25000001\thuman\n');
    await assert.rejects(
      collect(tsv),
      /botwiki-2019\.tsv: this is a Bot Repository label file .*give the <name>_tweets\.json beside it/,
    );
  });

  it("says what realreach's own CSV outputs are for when one is given as a follower list", async () => {
    const scores = join(dir, 'scores.csv');
    writeFileSync(
      scores,
      'id,handle,platform,profile_url,pFake,type,unlikeTraining,reason1,reason2,reason3,source,label\n1,a,x,,0.9,suspicious,false,,,,f.jsonl:1,\n',
    );
    await assert.rejects(collect(scores), (error: Error) => {
      assert.ok(error instanceof InputError);
      assert.match(
        error.message,
        /scores\.csv: this is realreach's own per-follower output \(audit --format csv/,
      );
      return true;
    });
    const review = join(dir, 'review.csv');
    writeFileSync(
      review,
      'id,handle,platform,profile_url,followers,p_fake,stratum,label\n1,a,x,,3,0.4,0.3–0.5,real\n',
    );
    await assert.rejects(
      collect(review),
      /review\.csv: this is a review sample \(realreach review\).*--labels FILE/,
    );
    for (const [name, text] of [
      ['history.csv', 'date,followers\n2026-01-01,10\n'],
      ['history-semicolons.csv', 'Date;Followers;Following\n2026-01-01;10;3\n'],
    ] as const) {
      const history = join(dir, name);
      writeFileSync(history, text);
      await assert.rejects(
        collect(history),
        new RegExp(
          `${name.replace('.', '\\.')}: this is a follower-count history \\(date,followers\\), not a follower list: realreach growth FILE`,
        ),
      );
    }
  });

  it("names an export's zip, a workbook, a PDF or an image for what it is, with what to give instead", async () => {
    const zip = join(dir, 'instagram-export.zip');
    // A ZIP's local file header, then deflated bytes that decode to nothing readable.
    writeFileSync(
      zip,
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, 0x9b, 0x1a, 0x7b]),
    );
    await assert.rejects(
      collect(zip),
      /instagram-export\.zip: this is a ZIP archive .*unzip it .*connections\/followers_and_following\/followers_1\.json/,
    );
    const pdf = join(dir, 'followers.pdf');
    writeFileSync(pdf, '%PDF-1.4\n%\u00e2\u00e3\n1 0 obj\n');
    await assert.rejects(collect(pdf), /followers\.pdf: this is a PDF document, not a follower list/);
    const png = join(dir, 'screenshot.png');
    writeFileSync(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]));
    await assert.rejects(collect(png), /screenshot\.png: this is a PNG image, not a follower list/);
  });

  it('honours --format over detection', async () => {
    const path = join(dir, 'forced.jsonl');
    writeFileSync(path, `${JSON.stringify({ platform: 'x', id: '1', followersCount: 3 })}\n`);
    assert.equal((await collect(path)).format, 'realreach');
    const forced = split((await collect(path, { format: 'x-v1' })).items);
    assert.equal(forced.accounts, 1);
  });
});
