import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { profileUrl } from './profile-url.ts';

describe('profileUrl', () => {
  it('links each platform by handle', () => {
    assert.equal(profileUrl({ platform: 'x', id: '12', handle: 'jack' }), 'https://x.com/jack');
    assert.equal(
      profileUrl({ platform: 'instagram', id: '1', handle: 'some.one_2' }),
      'https://www.instagram.com/some.one_2/',
    );
    assert.equal(
      profileUrl({ platform: 'bluesky', id: 'did:plc:abc', handle: 'Alice.bsky.social' }),
      'https://bsky.app/profile/alice.bsky.social',
    );
    assert.equal(
      profileUrl({ platform: 'mastodon', id: '9', handle: '@gargron@Mastodon.Social' }),
      'https://mastodon.social/@gargron',
    );
  });

  it('falls back to the id where the platform has an id address', () => {
    assert.equal(profileUrl({ platform: 'x', id: '783214' }), 'https://x.com/i/user/783214');
    assert.equal(
      profileUrl({ platform: 'bluesky', id: 'did:plc:z72i7hd' }),
      'https://bsky.app/profile/did:plc:z72i7hd',
    );
  });

  it('names no link it cannot build, and never one from markup or another host', () => {
    assert.equal(profileUrl({ platform: 'instagram', id: 'kaggle.csv:3' }), undefined);
    assert.equal(profileUrl({ platform: 'mastodon', id: '9', handle: 'localonly' }), undefined);
    assert.equal(profileUrl({ platform: 'other', id: '1', handle: 'x' }), undefined);
    assert.equal(profileUrl({ platform: 'x', id: 'a', handle: '"><script>' }), undefined);
    assert.equal(profileUrl({ platform: 'mastodon', id: '1', handle: 'a@evil.example/@x' }), undefined);
    assert.equal(profileUrl({ platform: 'x', id: 'x.csv:4', handle: '' }), undefined);
  });
});
