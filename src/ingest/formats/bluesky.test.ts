import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FIXTURE_OBSERVED_AT, fixturePath, readAll } from './fixtures/read-fixture.ts';

// Fixtures (hand-made; field names and nesting from the lexicons in github.com/bluesky-social/atproto, laid out like
// the AppView's own snapshots in packages/bsky/tests/views/__snapshots__/follows.test.ts.snap and profile.test.ts.snap):
// - bluesky-getFollowers.json: an app.bsky.graph.getFollowers output (lexicons/app/bsky/graph/getFollowers.json):
//   `subject`, `cursor` and `followers`, each an app.bsky.actor.defs#profileView (lexicons/app/bsky/actor/defs.json),
//   labels as com.atproto.label.defs#label (lexicons/com/atproto/label/defs.json).
// - bluesky-getProfiles.json: an app.bsky.actor.getProfiles output (lexicons/app/bsky/actor/getProfiles.json) of
//   #profileViewDetailed items.
// - bluesky-bad.jsonl: a bare #profileViewDetailed, then getFollowers pages and a profile with broken fields.

describe('bluesky format', () => {
  it('reads the followers of a getFollowers page, not its subject, and leaves profileView counts unknown', async () => {
    const path = fixturePath('bluesky-getFollowers.json');
    const { format, accounts, errors } = await readAll(path);
    assert.equal(format, 'bluesky');
    assert.deepEqual(errors, []);
    assert.deepEqual(
      accounts.map((account) => account.handle),
      ['mira-reads.test', 'newarrivals-feed.test', 'tomas.test'],
    );
    assert.deepEqual(accounts[0], {
      platform: 'bluesky',
      id: 'did:plc:z3a4tvwbp6xq2hkd7ejomlcr',
      handle: 'mira-reads.test',
      displayName: 'Mira',
      bio: 'reading my way through the 1920s',
      followersCount: undefined,
      followingCount: undefined,
      postsCount: undefined,
      hasDefaultAvatar: false,
      hasBanner: undefined,
      isVerified: undefined,
      isSelfDeclaredBot: false,
      createdAt: new Date('2023-05-04T21:30:12.004Z'),
      observedAt: FIXTURE_OBSERVED_AT,
      source: { format: 'bluesky', file: path, line: 1, index: 0 },
    });
    const [, bot, verified] = accounts;
    assert.equal(bot?.hasDefaultAvatar, true, 'no `avatar` means the default one');
    assert.equal(bot?.isSelfDeclaredBot, true, 'self-label `bot`');
    assert.equal(bot?.source.index, 1);
    assert.equal(verified?.isVerified, true);
    assert.equal(verified?.bio, undefined, 'an empty description is not given');
    assert.equal(verified?.createdAt, undefined);
  });

  it('reads getProfiles responses of profileViewDetailed, with counts and banners', async () => {
    const path = fixturePath('bluesky-getProfiles.json');
    const { format, accounts, errors } = await readAll(path);
    assert.equal(format, 'bluesky');
    assert.deepEqual(errors, []);
    const [mira, empty] = accounts;
    assert.ok(mira && empty);
    assert.deepEqual([mira.followersCount, mira.followingCount, mira.postsCount], [318, 290, 1542]);
    assert.equal(mira.hasBanner, true);
    assert.equal(mira.isSelfDeclaredBot, false, 'labels other than `bot` do not count');
    assert.deepEqual([empty.followersCount, empty.followingCount, empty.postsCount], [0, 4011, 0]);
    assert.equal(empty.hasDefaultAvatar, true);
    assert.equal(empty.hasBanner, false, 'a detailed view without `banner` has none');
    assert.equal(empty.isSelfDeclaredBot, false, 'a negated `bot` label takes it back');
    assert.equal(empty.displayName, undefined);
  });

  it('reports broken records with line, index within the page and field', async () => {
    const path = fixturePath('bluesky-bad.jsonl');
    const { accounts, errors } = await readAll(path);
    assert.deepEqual(
      accounts.map(({ id, source }) => [id, source.line, source.index]),
      [
        ['did:plc:w4xk7tnq2mjd6vyr3beho5lz', 1, undefined],
        ['did:plc:f6jz2kq7tmw3nvxd4rh5ybpe', 2, 0],
      ],
    );
    assert.deepEqual(
      errors.map(({ file, line, index, field }) => ({ file, line, index, field })),
      [
        { file: path, line: 2, index: 1, field: 'labels' },
        { file: path, line: 2, index: 2, field: 'did' },
        { file: path, line: 3, index: undefined, field: 'followers' },
        { file: path, line: 4, index: undefined, field: 'followersCount' },
      ],
    );
    assert.equal(errors[1]?.reason, 'missing (an id is required)');
    assert.equal(errors[2]?.reason, 'expected an array of profile views, got null');
  });

  it('keeps the array index of bare profile views in a minified array', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'realreach-bluesky-')), 'profiles.json');
    const profile = (n: number) => ({
      did: `did:plc:aaaaaaaaaaaaaaaaaaaaaa${n}${n}`,
      handle: `p${n}.test`,
      labels: [],
    });
    writeFileSync(path, JSON.stringify([profile(1), profile(2), { ...profile(3), postsCount: 'x' }]));
    const { accounts, errors } = await readAll(path);
    assert.deepEqual(
      accounts.map(({ source }) => source.index),
      [0, 1],
    );
    assert.deepEqual(
      errors.map(({ line, index, field }) => ({ line, index, field })),
      [{ line: 1, index: 2, field: 'postsCount' }],
    );
  });
});
