// API tokens: their shape, their hash, and a hash comparison that goes through crypto.timingSafeEqual.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it, mock } from 'node:test';
import { generateToken, hashesEqual, hashToken, TOKEN_PREFIX } from './api-token.ts';

describe('API tokens', () => {
  it('are rr_ and 32 random bytes in base64url, never the same twice', () => {
    const tokens = Array.from({ length: 100 }, generateToken);
    for (const token of tokens) {
      assert.ok(token.startsWith(TOKEN_PREFIX));
      assert.equal(Buffer.from(token.slice(TOKEN_PREFIX.length), 'base64url').length, 32);
      assert.match(token, /^rr_[A-Za-z0-9_-]{43}$/);
    }
    assert.equal(new Set(tokens).size, tokens.length);
  });

  it('are kept as their SHA-256 in hex', () => {
    assert.equal(hashToken('rr_abc'), crypto.createHash('sha256').update('rr_abc').digest('hex'));
    assert.match(hashToken(generateToken()), /^[0-9a-f]{64}$/);
  });

  it('match by hash through timingSafeEqual; a hash of another length never matches', () => {
    const compare = mock.method(crypto, 'timingSafeEqual');
    try {
      const hash = hashToken('rr_one');
      assert.equal(hashesEqual(hash, hashToken('rr_one')), true);
      assert.equal(hashesEqual(hash, hashToken('rr_two')), false);
      assert.equal(compare.mock.callCount(), 2);
      assert.equal(hashesEqual(hash, hash.slice(0, 62)), false);
      assert.equal(hashesEqual(hash, ''), false);
    } finally {
      compare.mock.restore();
    }
  });
});
