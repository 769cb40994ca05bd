// Tests of the profile syntax: @user@instance, bsky:handle, did:, x:handle, and the refusals.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatProfileRef, looksLikeProfileRef, ProfileSyntaxError, parseProfileRef } from './profile-ref.ts';

describe('parseProfileRef', () => {
  it('reads @user@instance as Mastodon, with the instance lower-cased and an optional port', () => {
    assert.deepEqual(parseProfileRef('@alice@Mastodon.Social'), {
      platform: 'mastodon',
      username: 'alice',
      instance: 'mastodon.social',
    });
    assert.deepEqual(parseProfileRef('@bob_1@localhost.test:3000'), {
      platform: 'mastodon',
      username: 'bob_1',
      instance: 'localhost.test:3000',
    });
  });

  it('reads bsky:handle and did: as Bluesky actors', () => {
    assert.deepEqual(parseProfileRef('bsky:Alice.bsky.social'), {
      platform: 'bluesky',
      actor: 'alice.bsky.social',
    });
    assert.deepEqual(parseProfileRef('bsky:@alice.example.com'), {
      platform: 'bluesky',
      actor: 'alice.example.com',
    });
    assert.deepEqual(parseProfileRef('did:plc:z72i7hdynmk6r22z27h6tvur'), {
      platform: 'bluesky',
      actor: 'did:plc:z72i7hdynmk6r22z27h6tvur',
    });
    assert.deepEqual(parseProfileRef('bsky:did:web:example.com'), {
      platform: 'bluesky',
      actor: 'did:web:example.com',
    });
  });

  it('reads x:handle as X', () => {
    assert.deepEqual(parseProfileRef('x:@XDevelopers'), { platform: 'x', username: 'XDevelopers' });
  });

  it('refuses what names no profile, saying what is expected', () => {
    for (const text of [
      'alice',
      '@alice',
      'alice@mastodon.social',
      'bsky:not a handle',
      'x:far_too_long_for_x',
      'did:key:abc',
      '@a@b@c',
    ]) {
      assert.throws(() => parseProfileRef(text), ProfileSyntaxError, text);
    }
    assert.throws(
      () => parseProfileRef('x:'),
      /expected @user@instance \(Mastodon\), bsky:handle or did:… \(Bluesky\), x:handle \(X\)/,
    );
  });

  it('writes a profile back as the user would', () => {
    for (const text of [
      '@alice@mastodon.social',
      'bsky:alice.bsky.social',
      'did:plc:z72i7hdynmk6r22z27h6tvur',
      'x:jack',
    ]) {
      assert.equal(formatProfileRef(parseProfileRef(text)), text);
    }
  });

  it('tells a profile from a file name', () => {
    assert.ok(looksLikeProfileRef('@alice@mastodon.social'));
    assert.ok(looksLikeProfileRef('bsky:alice.bsky.social'));
    assert.ok(looksLikeProfileRef('x:jack'));
    assert.ok(!looksLikeProfileRef('followers.jsonl'));
    assert.ok(!looksLikeProfileRef('./exports/alice@example.jsonl'));
  });
});
