import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openAccountReader } from '../read.ts';
import { fixturePath, readAll } from './fixtures/read-fixture.ts';

// Fixtures (hand-made, no rows from any dataset), in the MIB layouts described by the datasets' SOURCE.md files:
// - mib/cresci-2015/sample-users.csv: the 34 columns of cresci-2015, one E13 and one INT row (the `dataset` column labels).
// - mib/traditional_spambots_1/sample-users.csv: the 40 columns of cresci-2017 spambots (header, NULLs, `1183552203000L` times).
// - mib/genuine_accounts/sample-users_noheader.csv: the 42 columns of cresci-2017 genuine accounts, without a header row.

describe('mib format', () => {
  const dir = mkdtempSync(join(tmpdir(), 'realreach-mib-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads cresci-2015 rows, labelled by their dataset column, captured at `updated`', async () => {
    const path = fixturePath('mib/cresci-2015/sample-users.csv');
    const { format, accounts, labels, errors } = await readAll(path);
    assert.equal(format, 'mib', 'mib comes before x-v1-csv, which the same header also fits');
    assert.deepEqual(errors, []);
    assert.deepEqual(labels, ['human', 'fake']);
    assert.deepEqual(accounts[0], {
      platform: 'x',
      id: '100001',
      handle: 'ada_example',
      displayName: 'Ada Example',
      bio: 'Researcher, cyclist, and coffee drinker',
      url: 'http://example.org',
      location: 'Pisa, "Toscana"',
      followersCount: 506,
      followingCount: 381,
      postsCount: 2016,
      likesCount: 13,
      listedCount: 5,
      hasDefaultAvatar: false,
      hasBanner: true,
      isVerified: false,
      isPrivate: false,
      createdAt: new Date('2007-04-06T10:58:22Z'),
      observedAt: new Date('2015-02-14T10:54:49Z'),
      source: { format: 'mib', file: path, line: 2 },
    });
    const fake = accounts[1];
    assert.equal(fake?.hasDefaultAvatar, true);
    assert.equal(fake?.hasBanner, false, 'a NULL banner is no banner');
    assert.equal(fake?.bio, '');
    assert.equal(fake?.observedAt?.toISOString(), '2015-02-14T10:40:01.000Z');
  });

  it('reads cresci-2017 spambots: label from the folder, crawled_at as capture time, epoch-ms created_at', async () => {
    const path = fixturePath('mib/traditional_spambots_1/sample-users.csv');
    const reader = await openAccountReader(path);
    const items = [];
    for await (const item of reader) items.push(item);
    assert.equal(reader.format.name, 'mib');
    assert.deepEqual(reader.notes, [
      "label bot from the folder name traditional_spambots_1, unless a row's dataset column says otherwise",
    ]);
    const accounts = items.flatMap((item) => (item.ok ? [item.account] : []));
    assert.equal(accounts.length, 2);
    assert.ok(items.every((item) => item.ok && item.label === 'bot'));
    const [first, second] = accounts;
    assert.equal(first?.createdAt?.toISOString(), '2007-07-04T12:30:03.000Z');
    assert.equal(first?.observedAt?.toISOString(), '2010-11-07T11:10:52.000Z');
    assert.equal(first?.location, '', 'NULL is no location');
    // default_profile_image is NULL (not collected in 2010): the avatar URL decides
    assert.equal(first?.hasDefaultAvatar, false);
    assert.equal(first?.isVerified, false, 'an empty flag cell is false');
    assert.equal(second?.url, '');
  });

  it('reads the header-less cresci-2017 genuine accounts by their 42 columns', async () => {
    const path = fixturePath('mib/genuine_accounts/sample-users_noheader.csv');
    const { format, accounts, labels, errors } = await readAll(path);
    assert.equal(format, 'mib');
    assert.deepEqual(errors, []);
    assert.deepEqual(labels, ['human', 'human']);
    assert.deepEqual(
      accounts.map((account) => [account.id, account.handle, account.source.line]),
      [
        ['300001', 'kenji_example', 1],
        ['300002', 'marta_ex', 2],
      ],
    );
    const [kenji, marta] = accounts;
    assert.equal(kenji?.observedAt?.toISOString(), '2015-05-02T06:41:46.000Z');
    assert.equal(kenji?.createdAt?.toISOString(), '2013-06-11T11:20:35.000Z');
    assert.equal(kenji?.hasBanner, true);
    assert.equal(marta?.isVerified, true);
    assert.equal(marta?.isPrivate, true);
    assert.equal(marta?.hasBanner, false);
  });

  it('names the original archive folders (genuine_accounts.csv) and leaves other folders unlabelled', async () => {
    const text = readFileSync(fixturePath('mib/genuine_accounts/sample-users_noheader.csv'), 'utf8');
    const archived = join(dir, 'genuine_accounts.csv');
    const elsewhere = join(dir, 'somewhere');
    mkdirSync(archived);
    mkdirSync(elsewhere);
    writeFileSync(join(archived, 'users.csv'), text);
    writeFileSync(join(elsewhere, 'users.csv'), text);
    assert.deepEqual((await readAll(join(archived, 'users.csv'))).labels, ['human', 'human']);
    const unlabelled = await openAccountReader(join(elsewhere, 'users.csv'));
    assert.deepEqual(unlabelled.notes, []);
    assert.deepEqual((await readAll(join(elsewhere, 'users.csv'))).labels, [undefined, undefined]);
  });

  it('reports bad rows with file, line and field', async () => {
    const header = readFileSync(fixturePath('mib/cresci-2015/sample-users.csv'), 'utf8').split('\n')[0];
    const row = (cells: Record<string, string>) => {
      const values: Record<string, string> = {
        id: '1',
        screen_name: 'a',
        followers_count: '1',
        friends_count: '2',
        updated: '2015-02-14 10:54:49',
        dataset: 'E13',
        ...cells,
      };
      return (header ?? '')
        .split(',')
        .map((column) => JSON.stringify(values[JSON.parse(column) as string] ?? ''))
        .join(',');
    };
    const path = join(dir, 'bad.csv');
    writeFileSync(
      path,
      [
        header,
        row({}),
        row({ id: '' }),
        row({ followers_count: '12k' }),
        row({ dataset: 'XYZ' }),
        row({ verified: 'maybe' }),
        row({ updated: 'soon' }),
        '"2","b"',
      ].join('\n'),
    );
    const { accounts, errors } = await readAll(path);
    assert.equal(accounts.length, 1);
    assert.deepEqual(
      errors.map((error) => [error.file, error.line, error.field]),
      [
        [path, 3, 'id'],
        [path, 4, 'followers_count'],
        [path, 5, 'dataset'],
        [path, 6, 'verified'],
        [path, 7, 'updated'],
        [path, 8, '(record)'],
      ],
    );
    assert.match(errors[2]?.reason ?? '', /expected a MIB subset/);
  });
});
