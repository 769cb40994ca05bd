import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openAccountReader } from '../read.ts';
import { FIXTURE_OBSERVED_AT, fixturePath, readAll } from './fixtures/read-fixture.ts';

// Fixtures (hand-made, no rows from any dataset):
// - x-v2/followers-page.json: a whole GET /2/users/:id/followers response
//   (https://developer.x.com/en/docs/x-api/users/follows/api-reference/get-users-id-followers) with the user fields of
//   the data dictionary (https://developer.x.com/en/docs/x-api/data-dictionary/object-model/user); the first user is
//   the docs' own TwitterDev example, the second a made-up follower with the default avatar.
// - x-v2/errors-page.json: a response with only `errors`, shaped as the docs' resource-not-found problem.
// - x-v2/twibot/user_sample.jsonl + label_sample.csv: the TwiBot-22 sample's layout (JSONL, `u`-prefixed ids, epoch-ms
//   created_at, empty url) with three made-up users, two of them labelled.

describe('x-v2 format', () => {
  const dir = mkdtempSync(join(tmpdir(), 'realreach-x-v2-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a followers page, unwrapping data and ignoring includes and meta', async () => {
    const path = fixturePath('x-v2/followers-page.json');
    const { format, accounts, labels, errors } = await readAll(path);
    assert.equal(format, 'x-v2');
    assert.deepEqual(errors, []);
    assert.deepEqual(labels, [undefined, undefined]);
    assert.deepEqual(accounts[0], {
      platform: 'x',
      id: '2244994945',
      handle: 'TwitterDev',
      displayName: 'Twitter Dev',
      bio: 'The voice of the #TwitterDev team and your official source for updates, news, and events, related to the #TwitterAPI.',
      url: 'https://t.co/3ZX3TNiZCY',
      location: '127.0.0.1',
      followersCount: 513958,
      followingCount: 2039,
      postsCount: 3635,
      likesCount: 2156,
      listedCount: 1672,
      hasDefaultAvatar: false,
      isVerified: true,
      isPrivate: false,
      createdAt: new Date('2013-12-14T04:35:55.000Z'),
      observedAt: FIXTURE_OBSERVED_AT,
      source: { format: 'x-v2', file: path, line: 1, index: 0 },
    });
    const follower = accounts[1];
    assert.equal(follower?.id, '1400000000000000001');
    assert.equal(follower?.bio, '', 'an empty description is an empty bio');
    assert.equal(follower?.hasDefaultAvatar, true);
    assert.equal(follower?.isPrivate, true);
    assert.equal(follower?.likesCount, undefined, 'like_count is absent, not zero');
    assert.deepEqual(follower?.source, { format: 'x-v2', file: path, line: 1, index: 1 });
  });

  it('yields no records from a page with only errors, or an empty page', async () => {
    const { format, accounts, errors } = await readAll(fixturePath('x-v2/errors-page.json'));
    assert.equal(format, 'x-v2');
    assert.deepEqual(accounts, []);
    assert.deepEqual(errors, []);
    const path = join(dir, 'empty-pages.jsonl');
    writeFileSync(path, '{"meta":{"result_count":0}}\n{"data":[],"meta":{"result_count":0}}\n');
    const empty = await readAll(path);
    assert.equal(empty.format, 'x-v2');
    assert.deepEqual([empty.accounts, empty.errors], [[], []]);
  });

  it('reads TwiBot-22 JSONL: strips the u from ids, reads epoch ms, joins label_sample.csv beside it', async () => {
    const path = fixturePath('x-v2/twibot/user_sample.jsonl');
    const reader = await openAccountReader(path, { observedAt: FIXTURE_OBSERVED_AT });
    assert.equal(reader.format.name, 'x-v2');
    const items = [];
    for await (const item of reader) items.push(item);
    assert.ok(items.every((item) => item.ok));
    const read = items.flatMap((item) => (item.ok ? [[item.account.id, item.label]] : []));
    assert.deepEqual(read, [
      ['1000000001', 'human'],
      ['1000000002', 'bot'],
      ['1000000003', undefined],
    ]);
    const [first, second] = items.flatMap((item) => (item.ok ? [item.account] : []));
    assert.equal(first?.createdAt?.toISOString(), '2014-07-02T17:56:46.000Z');
    assert.equal(first?.url, '', 'an empty url is no url');
    assert.deepEqual(first?.source, { format: 'x-v2', file: path, line: 1 });
    assert.equal(second?.hasDefaultAvatar, true);
    assert.deepEqual(reader.notes, [
      `labels for 2 ids from ${fixturePath('x-v2/twibot/label_sample.csv')}: 1 human, 1 bot`,
      '1 of 3 accounts has no label: its id is not in the label file',
    ]);
  });

  it('prefers <name>.labels.csv beside the input over labels.csv', async () => {
    const path = join(dir, 'followers.jsonl');
    const user = (id: string) =>
      JSON.stringify({ id, username: `u${id}`, name: 'x', public_metrics: { followers_count: 1 } });
    writeFileSync(path, `${user('1')}\n${user('2')}\n`);
    writeFileSync(join(dir, 'followers.labels.csv'), 'label,id\nfake,1\nhuman,2\n');
    writeFileSync(join(dir, 'labels.csv'), 'id,label\n1,bot\n2,bot\n');
    const { labels } = await readAll(path);
    assert.deepEqual(labels, ['fake', 'human']);
  });

  it('fails the whole input on a label file with an unknown label, naming its line', async () => {
    const sub = mkdtempSync(join(dir, 'bad-labels-'));
    const path = join(sub, 'users.jsonl');
    writeFileSync(path, `${JSON.stringify({ id: '1', username: 'a', public_metrics: {} })}\n`);
    writeFileSync(join(sub, 'labels.csv'), 'id,label\n1,human\n2,robot\n');
    await assert.rejects(openAccountReader(path), (error: Error) => {
      assert.match(error.message, /labels\.csv:3: label: expected one of human, bot, fake, got "robot"/);
      return true;
    });
  });

  it('reports bad records with file, line, page index and field', async () => {
    const path = join(dir, 'pages.jsonl');
    const good = { id: '10', name: 'Good', username: 'good', public_metrics: { followers_count: 5 } };
    writeFileSync(
      path,
      [
        JSON.stringify({ data: [good, { name: 'No id', username: 'noid' }], meta: { result_count: 2 } }),
        JSON.stringify({
          data: [
            { ...good, public_metrics: { followers_count: 'many' } },
            { ...good, verified: 'yes!' },
          ],
          meta: { result_count: 2 },
        }),
        JSON.stringify({
          data: [{ ...good, created_at: 'last week' }, 'not a user'],
          meta: { result_count: 2 },
        }),
        JSON.stringify({ data: 7, meta: { result_count: 1 } }),
      ].join('\n'),
    );
    const { accounts, errors } = await readAll(path);
    assert.equal(accounts.length, 1);
    assert.deepEqual(
      errors.map((error) => [error.file, error.line, error.index, error.field]),
      [
        [path, 1, 1, 'id'],
        [path, 2, 0, 'public_metrics.followers_count'],
        [path, 2, 1, 'verified'],
        [path, 3, 0, 'created_at'],
        [path, 3, 1, '(record)'],
        [path, 4, undefined, 'data'],
      ],
    );
    assert.match(errors[0]?.reason ?? '', /missing/);
  });

  it('reads a bare user and a one-user lookup response {data: {...}}', async () => {
    const path = join(dir, 'lookup.jsonl');
    writeFileSync(
      path,
      [
        JSON.stringify({ id: '1', username: 'a', public_metrics: { tweet_count: 3 } }),
        JSON.stringify({ data: { id: '2', name: 'B', username: 'b' } }),
      ].join('\n'),
    );
    const { format, accounts, errors } = await readAll(path);
    assert.equal(format, 'x-v2');
    assert.deepEqual(errors, []);
    assert.deepEqual(
      accounts.map((account) => [account.id, account.handle, account.postsCount]),
      [
        ['1', 'a', 3],
        ['2', 'b', undefined],
      ],
    );
  });
});
