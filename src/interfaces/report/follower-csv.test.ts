// The per-follower CSV: the header, one row's cells in its order, empty unknowns, inert formulas, a csv round trip.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { FollowerResult } from '../../audit/report-schema.ts';
import { exampleFollowers } from './fixtures/example-report.ts';
import { FOLLOWER_CSV_HEADER, followerCsvRow } from './index.ts';

const follower: FollowerResult = {
  id: '1000000000',
  handle: 'elnelo43789',
  platform: 'x',
  pFake: 0.987123,
  type: 'suspicious',
  unlikeTraining: true,
  reasons: ['has published 3 posts', 'has 9 followers', 'follows 1,894 accounts'],
  source: 'followers.jsonl:12',
  label: 'fake',
};

describe('follower CSV', () => {
  it('has the documented columns in order', () => {
    assert.deepEqual(
      [...FOLLOWER_CSV_HEADER],
      [
        'id',
        'handle',
        'platform',
        'profile_url',
        'pFake',
        'type',
        'unlikeTraining',
        'reason1',
        'reason2',
        'reason3',
        'source',
        'label',
      ],
    );
  });

  it('gives one cell per column, pFake to four decimals', () => {
    assert.deepEqual(followerCsvRow(follower), [
      '1000000000',
      'elnelo43789',
      'x',
      'https://x.com/elnelo43789',
      '0.9871',
      'suspicious',
      'true',
      'has published 3 posts',
      'has 9 followers',
      'follows 1,894 accounts',
      'followers.jsonl:12',
      'fake',
    ]);
  });

  it('leaves unknown handle, label and missing reasons empty', () => {
    const row = followerCsvRow({ ...follower, handle: null, label: null, reasons: ['has no bio'], pFake: 1 });
    assert.deepEqual(row, [
      '1000000000',
      '',
      'x',
      'https://x.com/i/user/1000000000',
      '1',
      'suspicious',
      'true',
      'has no bio',
      '',
      '',
      'followers.jsonl:12',
      '',
    ]);
  });

  it('makes a cell a spreadsheet would run as a formula inert', () => {
    const row = followerCsvRow({
      ...follower,
      id: '+1',
      handle: '=HYPERLINK("http://example.invalid","click")',
      reasons: ['@SUM(A1)', '-2+3', 'plain'],
      source: '\tfile:1',
    });
    assert.deepEqual(
      [row[0], row[1], row[3], row[7], row[8], row[9], row[10]],
      [
        "'+1",
        '\'=HYPERLINK("http://example.invalid","click")',
        '',
        "'@SUM(A1)",
        "'-2+3",
        'plain',
        "'\tfile:1",
      ],
    );
  });

  it('links the profile page the source named when the audit kept it, else one built from handle or id', () => {
    const kept = 'https://mastodon.example/users/ana';
    const facts = {
      displayName: null,
      bio: null,
      followers: null,
      following: null,
      posts: null,
      lastPostAt: null,
      observedAt: null,
      defaultAvatar: null,
      verified: null,
      declaredBot: null,
    };
    const mastodon = { ...follower, platform: 'mastodon' as const, handle: 'ana@mastodon.example' };
    assert.equal(followerCsvRow({ ...mastodon, facts: { ...facts, profileUrl: kept } })[3], kept);
    assert.equal(
      followerCsvRow({ ...mastodon, facts: { ...facts, profileUrl: null } })[3],
      'https://mastodon.example/@ana',
    );
    assert.equal(followerCsvRow({ ...follower, platform: 'other' })[3], '');
  });

  it('round-trips through csv-stringify and csv-parse, commas and quotes included', () => {
    const rows = [[...FOLLOWER_CSV_HEADER], ...exampleFollowers.map(followerCsvRow)];
    const parsed = parse(stringify(rows)) as string[][];
    assert.deepEqual(parsed, rows);
    assert.ok(rows.every((row) => row.length === FOLLOWER_CSV_HEADER.length));
  });
});
