// The exports users hold: Instagram's followers export, X's archive, any CSV through --columns, a plain scraped CSV, realreach CSV without a platform, X CSV with id_str.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { assertJudgeable } from '../../audit/audit-followers.ts';
import { InputError } from '../../core/errors.ts';
import { openAccountReader } from '../read.ts';
import { parseColumnMap } from './column-map.ts';
import { FIXTURE_OBSERVED_AT, fixturePath, readAll } from './fixtures/read-fixture.ts';

describe('exports users hold', () => {
  it("reads every part of Instagram's followers export in a folder: usernames and when each followed", async () => {
    const outcome = await readAll(fixturePath('instagram-export'));
    assert.equal(outcome.format, 'instagram-export');
    assert.deepEqual(outcome.errors, []);
    assert.deepEqual(
      outcome.accounts.map((account) => [account.platform, account.id, account.handle, account.followedAt]),
      [
        ['instagram', 'anna.bakes', 'anna.bakes', new Date(1700000000 * 1000)],
        ['instagram', 'user83726151', 'user83726151', new Date(1700003600 * 1000)],
        ['instagram', 'c.lee', 'c.lee', new Date(1700007200 * 1000)],
      ],
    );
    assert.match(outcome.accounts[2]?.source.file ?? '', /followers_2\.json$/);
  });

  it('keeps the parts read when a later part is cut short, counting its unreadable record as rejected', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'realreach-parts-'));
    try {
      cpSync(fixturePath('instagram-export'), dir, { recursive: true });
      writeFileSync(
        join(dir, 'followers_3.json'),
        '[{"title":"","string_list_data":[{"href":"x","value":"brok',
      );
      const outcome = await readAll(dir);
      assert.deepEqual(
        outcome.accounts.map((account) => account.handle),
        ['anna.bakes', 'user83726151', 'c.lee'],
      );
      assert.deepEqual(
        outcome.errors.map((error) => [error.file.endsWith('followers_3.json'), error.line]),
        [[true, 1]],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('skips an empty part of an export, first or later, and says so; the other parts are read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'realreach-parts-'));
    try {
      cpSync(fixturePath('instagram-export'), dir, { recursive: true });
      writeFileSync(join(dir, 'followers.json'), '');
      writeFileSync(join(dir, 'followers_3.json'), '');
      const outcome = await readAll(dir);
      assert.deepEqual(
        outcome.accounts.map((account) => account.handle),
        ['anna.bakes', 'user83726151', 'c.lee'],
      );
      assert.deepEqual(outcome.errors, []);
      const reader = await openAccountReader(dir, { observedAt: FIXTURE_OBSERVED_AT });
      assert.ok(
        reader.notes.includes(
          `skipped 2 empty parts: ${join(dir, 'followers.json')}, ${join(dir, 'followers_3.json')}`,
        ),
        reader.notes.join('\n'),
      );
      writeFileSync(join(dir, 'followers_1.json'), '');
      writeFileSync(join(dir, 'followers_2.json'), '');
      await assert.rejects(readAll(dir), /followers\.json: the input is empty/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the wrapped relationships_followers shape, the username from title or href, and names a bad entry', async () => {
    const outcome = await readAll(fixturePath('instagram-export-wrapped.json'));
    assert.equal(outcome.format, 'instagram-export');
    assert.deepEqual(
      outcome.accounts.map((account) => account.handle),
      ['dora_draws', 'ed.walks'],
    );
    assert.equal(outcome.errors.length, 1);
    assert.equal(outcome.errors[0]?.field, 'string_list_data');
  });

  it("reads X's archive follower.js past its window.YTD assignment, and refuses to audit ids alone", async () => {
    const reader = await openAccountReader(fixturePath('x-archive/follower.js'), {
      observedAt: FIXTURE_OBSERVED_AT,
    });
    const ids: string[] = [];
    for await (const item of reader) if (item.ok) ids.push(`${item.account.platform}:${item.account.id}`);
    assert.equal(reader.format.name, 'x-archive');
    assert.deepEqual(ids, ['x:1234567890', 'x:98765']);
    assert.throws(
      () => assertJudgeable(reader),
      /ids only .* nothing to audit yet.*realreach hydrate .*follower\.js --platform x --out/,
    );
  });

  it('names an upload read from a stream by its file name in sources and in the hydrate step, not "-"', async () => {
    const bytes = readFileSync(fixturePath('x-archive/follower.js'));
    const reader = await openAccountReader('-', { stdin: Readable.from([bytes]), stdinName: 'follower.js' });
    const sources: string[] = [];
    for await (const item of reader) if (item.ok) sources.push(item.account.source.file);
    assert.deepEqual(sources, ['follower.js', 'follower.js']);
    assert.throws(() => assertJudgeable(reader), /realreach hydrate follower\.js --platform x --out/);
  });

  it('recognises a plain scraped CSV (username, followers, following, posts), ids from usernames', async () => {
    const outcome = await readAll(fixturePath('scraped.csv'), { platform: 'instagram' });
    assert.equal(outcome.format, 'scraped-csv');
    assert.deepEqual(
      outcome.accounts.map((a) => [a.platform, a.id, a.followersCount, a.followingCount, a.postsCount]),
      [
        ['instagram', 'anna.bakes', 410, 380, 120],
        ['instagram', 'user8372615', 3, 2100, 0],
      ],
    );
  });

  it('reads realreach CSV without a platform column, an unquoted empty cell unknown and "" known-empty', async () => {
    const outcome = await readAll(fixturePath('realreach-no-platform.csv'));
    assert.equal(outcome.format, 'realreach-csv');
    assert.deepEqual(
      outcome.accounts.map((a) => [a.platform, a.id, a.bio]),
      [
        ['other', '11', undefined],
        ['other', '12', ''],
      ],
    );
    const given = await readAll(fixturePath('realreach-no-platform.csv'), { platform: 'mastodon' });
    assert.equal(given.accounts[0]?.platform, 'mastodon');
  });

  it('reads an X CSV keyed by id_str', async () => {
    const outcome = await readAll(fixturePath('x-v1-id-str.csv'));
    assert.equal(outcome.format, 'x-v1-csv');
    assert.equal(outcome.accounts[0]?.id, '123456789012345678');
  });

  it('reads any CSV through --columns, names a bad cell by its column, and a missing column by name', async () => {
    const columns = parseColumnMap('handle=Benutzer,followersCount=Abonnenten,followingCount=Abos');
    const outcome = await readAll(fixturePath('columns.csv'), { columns, platform: 'x' });
    assert.equal(outcome.format, 'columns');
    assert.deepEqual(
      outcome.accounts.map((a) => [a.platform, a.id, a.handle, a.followersCount, a.followingCount]),
      [['x', 'anna', 'anna', 40, 30]],
    );
    assert.equal(outcome.errors[0]?.field, 'Abonnenten');
    assert.equal(outcome.errors[0]?.line, 3);
    await assert.rejects(
      readAll(fixturePath('columns.csv'), { columns: parseColumnMap('handle=Benutzer,postsCount=Beiträge') }),
      /columns\.csv: the CSV has no column "Beiträge" \(mapped to postsCount by --columns\)/,
    );
    assert.throws(() => parseColumnMap('followers=x'), /unknown field "followers"/);
    assert.throws(() => parseColumnMap('followersCount=x'), /map id or handle/);
  });

  it("advises the command's own format option, and escapes garbage instead of printing it", async () => {
    const garbage = Buffer.from('\u001b[2J\u0007\u0000\u009b,A\nB\n');
    const error = await openAccountReader('-', {
      stdin: Readable.from([garbage]),
      formatOption: '--input-format',
    }).catch((thrown: unknown) => thrown);
    assert.ok(error instanceof InputError);
    assert.match(error.message, /Name it with --input-format/);
    assert.match(error.message, /--columns/);
    for (const code of [0x00, 0x07, 0x1b, 0x7f])
      assert.ok(!error.message.includes(String.fromCharCode(code)), `raw ${code} in the message`);
    assert.match(error.message, /\\u001b\[2J\\u0007\\u0000/);
  });

  it("advises the API its own option names: no CLI flag in an upload's error", async () => {
    const error = await openAccountReader('-', {
      stdin: Readable.from([Buffer.from('a;b\n1;2\n')]),
      stdinName: 'list.csv',
      formatOption: 'the format option',
      columnsOption: 'the columns option',
    }).catch((thrown: unknown) => thrown);
    assert.ok(error instanceof InputError);
    assert.match(error.message, /^list\.csv: cannot recognise the format/);
    assert.match(error.message, /Name it with the format option .* with the columns option \(e\.g\./);
    assert.doesNotMatch(error.message, /--/);
  });
});
