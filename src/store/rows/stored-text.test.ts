// Stored text and JSON: NUL becomes U+FFFD in strings and keys, and everything else is kept as JSON.stringify writes it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { storedJson } from './stored-text.ts';

describe('storedJson', () => {
  it('writes JSON.stringify’s text when no string or key holds NUL', () => {
    for (const value of [
      [],
      ['a', 'b'],
      { bio: 'x\ny "z" \\ ☃', n: 1.5, none: null },
      [{ deep: ['\\u0001'] }],
    ])
      assert.equal(storedJson(value), JSON.stringify(value));
  });

  it('replaces NUL in strings and keys, at any depth', () => {
    assert.equal(storedJson(['a\u0000b']), '["a\uFFFDb"]');
    assert.equal(storedJson({ 'k\u0000': { deep: ['\u0000'] } }), '{"k\uFFFD":{"deep":["\uFFFD"]}}');
  });

  it('keeps the six characters \\u0000 written as text, NUL beside them or not', () => {
    assert.equal(storedJson(['\\u0000']), JSON.stringify(['\\u0000']));
    assert.equal(storedJson(['\\u0000', '\u0000']), JSON.stringify(['\\u0000', '\uFFFD']));
  });
});
