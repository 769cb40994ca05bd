import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FIXTURE_OBSERVED_AT, fixturePath, readAll } from './fixtures/read-fixture.ts';
import { mastodonHtmlToText } from './mastodon.ts';

// Fixtures:
// - mastodon-account.json: the "Example" of https://docs.joinmastodon.org/entities/Account/ (mastodon/documentation,
//   content/en/entities/Account.md), verbatim — including the page's own broken closing tags (`</span}`).
// - mastodon-followers.json: the 200 response of GET /api/v1/accounts/:id/followers
//   (https://docs.joinmastodon.org/methods/accounts/#followers); its two ids, usernames and display names are the
//   page's sample, the attributes the page elides with `// ...` are filled in by hand from the Account entity page.
// - mastodon-bad.jsonl: hand-made Account entities, one a line, four of them broken.

describe('mastodon format', () => {
  it('maps the Account entity example from the Mastodon docs', async () => {
    const path = fixturePath('mastodon-account.json');
    const { format, accounts, labels, errors } = await readAll(path);
    assert.equal(format, 'mastodon');
    assert.deepEqual(errors, []);
    assert.deepEqual(labels, [undefined]);
    const [account] = accounts;
    assert.ok(account);
    const { bio, ...rest } = account;
    assert.deepEqual(rest, {
      platform: 'mastodon',
      id: '23634',
      handle: 'noiob@awoo.space',
      displayName: 'ikea shark fan account',
      // the "Website" field; the mentions in "Alt" and "Bots" link to other accounts, not out of the profile
      url: 'http://shork.xyz',
      profileUrl: 'https://awoo.space/@noiob',
      followersCount: 547,
      followingCount: 404,
      postsCount: 28468,
      hasDefaultAvatar: false,
      hasBanner: true,
      isPrivate: false,
      isSelfDeclaredBot: false,
      isGroup: undefined,
      createdAt: new Date('2017-02-08T02:00:53.274Z'),
      lastPostAt: new Date('2019-11-17T00:02:23.693Z'),
      hasUrl: true,
      observedAt: FIXTURE_OBSERVED_AT,
      source: { format: 'mastodon', file: path, line: 1 },
    });
    assert.ok(bio?.startsWith(':ms_rainbow_flag: :ms_bisexual_flagweb: :ms_nonbinary_flag: #awoo'));
    assert.ok(bio?.includes('compsci student ~ likes video #games'), 'text after a malformed tag survives');
    assert.ok(!bio?.includes('<a '));
  });

  it('reads the followers endpoint array, element by element, with default images and date-only last_status_at', async () => {
    const path = fixturePath('mastodon-followers.json');
    const { format, accounts, errors } = await readAll(path);
    assert.equal(format, 'mastodon');
    assert.deepEqual(errors, []);
    assert.deepEqual(
      accounts.map((account) => account.source),
      [
        { format: 'mastodon', file: path, line: 2, index: 0 },
        { format: 'mastodon', file: path, line: 25, index: 1 },
      ],
    );
    const [fresh, bot] = accounts;
    assert.ok(fresh && bot);
    assert.equal(fresh.id, '1020382');
    assert.equal(fresh.handle, 'atul13061987');
    assert.equal(fresh.displayName, '', 'an empty display_name is known to be empty, not unknown');
    assert.equal(fresh.bio, '');
    assert.equal(fresh.hasDefaultAvatar, true, 'avatars/original/missing.png is the default avatar');
    assert.equal(fresh.hasBanner, false, 'headers/original/missing.png is no header');
    assert.equal(fresh.url, undefined);
    assert.equal(fresh.hasUrl, false, 'an empty `fields` is a known absence of links');
    assert.equal(fresh.lastPostAt, undefined, 'last_status_at is null without statuses');
    assert.equal(fresh.isGroup, false);

    assert.equal(
      bot.bio,
      'Posts kernel & distro release notes.\n\nRun by a script\nSource: https://git.example/linuxliner',
    );
    assert.equal(bot.url, 'https://linuxliner.example');
    assert.equal(bot.isPrivate, true, 'locked');
    assert.equal(bot.isSelfDeclaredBot, true);
    assert.deepEqual(bot.lastPostAt, new Date('2019-11-24T00:00:00.000Z'));
    assert.equal(bot.hasDefaultAvatar, false);
    assert.equal(bot.hasBanner, true);
    assert.deepEqual([bot.followersCount, bot.followingCount, bot.postsCount], [31, 1, 812]);
  });

  it('reports each broken record with its line and field, and keeps the good one', async () => {
    const path = fixturePath('mastodon-bad.jsonl');
    const { accounts, errors } = await readAll(path);
    assert.deepEqual(
      accounts.map((account) => account.id),
      ['109302'],
    );
    assert.deepEqual(
      errors.map(({ file, line, index, field }) => ({ file, line, index, field })),
      [
        { file: path, line: 2, index: undefined, field: 'followers_count' },
        { file: path, line: 3, index: undefined, field: 'id' },
        { file: path, line: 4, index: undefined, field: 'locked' },
        { file: path, line: 5, index: undefined, field: 'fields[0].value' },
      ],
    );
    assert.equal(errors[1]?.reason, 'missing (an id is required)');
  });

  it('turns profile HTML into the text a reader sees', () => {
    assert.equal(
      mastodonHtmlToText('<p>it&#39;s &lt;b&gt; not bold &amp; &#x1F600;</p><p>two<br>lines</p>'),
      "it's <b> not bold & 😀\n\ntwo\nlines",
    );
  });
});
