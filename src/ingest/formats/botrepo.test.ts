import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openAccountReader } from '../read.ts';
import { fixturePath, readAll } from './fixtures/read-fixture.ts';

// Fixtures (hand-made, no rows from any dataset): botrepo/demo_set_tweets.json is a Bot Repository `<name>_tweets.json`
// (one JSON array of {created_at, user}, the user an X v1.1 user object) with three made-up users; botrepo/demo_set.tsv
// labels two of them (`user_id<TAB>bot|human`, no header). The first id is beyond 2^53, as most recent X ids are.

describe('botrepo format', () => {
  const dir = mkdtempSync(join(tmpdir(), 'realreach-botrepo-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('maps the user, takes the tweet time as the capture time and joins the tsv on id_str', async () => {
    const path = fixturePath('botrepo/demo_set_tweets.json');
    const reader = await openAccountReader(path);
    assert.equal(reader.format.name, 'botrepo');
    const items = [];
    for await (const item of reader) items.push(item);
    const accounts = items.flatMap((item) => (item.ok ? [item.account] : []));
    assert.equal(accounts.length, 3);
    assert.deepEqual(
      items.map((item) => (item.ok ? [item.account.id, item.label] : item.error)),
      [
        ['1120000000000000001', 'bot'],
        ['25000001', 'human'],
        ['25000002', undefined],
      ],
    );
    const [bot, human] = accounts;
    assert.deepEqual(bot, {
      platform: 'x',
      id: '1120000000000000001',
      handle: 'lyric_gen',
      displayName: 'Lyric Generator',
      bio: 'An art bot posting generated verse.',
      url: '',
      location: 'Nowhere',
      followersCount: 23,
      followingCount: 1,
      postsCount: 400,
      likesCount: 0,
      listedCount: 2,
      hasDefaultAvatar: false,
      hasBanner: true,
      isVerified: false,
      isPrivate: false,
      createdAt: new Date('2019-04-20T10:00:00Z'),
      observedAt: new Date('2019-06-05T21:43:20Z'),
      source: { format: 'botrepo', file: path, line: 2, index: 0 },
    });
    assert.equal(human?.hasDefaultAvatar, true);
    assert.equal(human?.hasBanner, false);
    assert.equal(human?.observedAt?.toISOString(), '2018-11-12T08:00:00.000Z');
    assert.deepEqual(reader.notes.slice(0, 1), [
      `labels for 2 ids from ${fixturePath('botrepo/demo_set.tsv')}: 1 human, 1 bot`,
    ]);
  });

  it('says so in a note when the tsv is missing or the file name does not name it', async () => {
    const pair = JSON.stringify([
      {
        created_at: 'Tue Jan 01 00:00:00 +0000 2019',
        user: { id_str: '1', screen_name: 'a', followers_count: 1, friends_count: 2 },
      },
    ]);
    const orphan = join(dir, 'lonely_tweets.json');
    writeFileSync(orphan, pair);
    const renamed = join(dir, 'export.json');
    writeFileSync(renamed, pair);
    const lonely = await openAccountReader(orphan);
    assert.deepEqual(lonely.notes, ['no labels: lonely.tsv is not beside the input']);
    const unnamed = await openAccountReader(renamed);
    assert.equal(unnamed.format.name, 'botrepo');
    assert.match(unnamed.notes[0] ?? '', /not named <name>_tweets\*\.json/);
  });

  it('reports bad records with file, line, index and the user. prefix on user fields', async () => {
    const path = join(dir, 'bad_tweets.json');
    const user = { id_str: '7', screen_name: 'ok', followers_count: 1, friends_count: 2 };
    const pairs = [
      { created_at: 'Tue Jan 01 00:00:00 +0000 2019', user },
      { created_at: 'Tue Jan 01 00:00:00 +0000 2019', user: { ...user, followers_count: -3 } },
      {
        created_at: 'Tue Jan 01 00:00:00 +0000 2019',
        user: { screen_name: 'noid', followers_count: 1, friends_count: 2 },
      },
      { created_at: 'Tue Jan 01 00:00:00 +0000 2019', user: { ...user, id_str: undefined, id: 2 ** 60 } },
      { created_at: 'yesterday', user },
      { user },
      { created_at: 'Tue Jan 01 00:00:00 +0000 2019' },
      { created_at: 'Tue Jan 01 00:00:00 +0000 2019', user: [user] },
    ];
    writeFileSync(path, `[\n${pairs.map((pair) => JSON.stringify(pair)).join(',\n')}\n]\n`);
    writeFileSync(join(dir, 'bad.tsv'), '7\thuman\n');
    const { accounts, labels, errors } = await readAll(path);
    assert.equal(accounts.length, 1);
    assert.deepEqual(labels, ['human']);
    assert.deepEqual(
      errors.map((error) => [error.file, error.line, error.index, error.field]),
      [
        [path, 3, 1, 'user.followers_count'],
        [path, 4, 2, 'user.id'],
        [path, 5, 3, 'user.id'],
        [path, 6, 4, 'created_at'],
        [path, 7, 5, 'created_at'],
        [path, 8, 6, 'user'],
        [path, 9, 7, 'user'],
      ],
    );
    assert.match(errors[2]?.reason ?? '', /beyond 2\^53/);
  });

  it('fails the whole input on a tsv row with an unknown label', async () => {
    const path = join(dir, 'odd_tweets.json');
    writeFileSync(
      path,
      JSON.stringify([
        {
          created_at: 'Tue Jan 01 00:00:00 +0000 2019',
          user: { id_str: '1', screen_name: 'a', followers_count: 1, friends_count: 2 },
        },
      ]),
    );
    writeFileSync(join(dir, 'odd.tsv'), '1\tbot\n2\tcyborg\n');
    await assert.rejects(
      openAccountReader(path),
      /odd\.tsv:2: label: expected one of human, bot, fake, got "cyborg"/,
    );
  });
});
